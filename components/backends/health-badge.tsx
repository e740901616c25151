import type { BackendHealth } from "@/lib/backends/schemas";
import styles from "./backends.module.css";

export const HEALTH_LABEL: Record<BackendHealth, string> = { healthy: "Healthy", sick: "Sick", unknown: "Unknown" };

// A shape per state as well as a colour: a tick, a cross, a question mark.
const GLYPH: Record<BackendHealth, React.ReactNode> = {
  healthy: <path d="m7.5 12.3 3 3 6-6.3" />,
  sick: <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" />,
  unknown: <path d="M9.6 9.4a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.6M12 16.6v.1" />,
};

/** A backend's or probe's health: icon and word, never colour alone. */
export function HealthBadge({ health, paused = false, large = false }: { health: BackendHealth; paused?: boolean; large?: boolean }) {
  const state = paused ? "paused" : health;
  return (
    <span className={`${styles.health} ${styles[`health_${state}`]} ${large ? styles.healthLarge : ""}`} data-health={state}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={styles.healthIcon}>
        <circle cx="12" cy="12" r="9.5" />
        {paused ? <path d="M10 8.5v7M14 8.5v7" /> : GLYPH[health]}
      </svg>
      {paused ? "Paused" : HEALTH_LABEL[health]}
    </span>
  );
}
