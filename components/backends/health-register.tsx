import type { ProbeView } from "@/lib/backends/probe-schemas";
import styles from "./backends.module.css";

/**
 * A probe's health register as Varnish keeps it: the last `window` results, oldest first, each a
 * square (filled: good; hollow and struck: bad or not probed yet), with the rule that turns it into
 * healthy or sick stated in words.
 */
export function HealthRegister({ probe }: { probe: Pick<ProbeView, "healthHistory" | "window" | "threshold"> }) {
  const slots = probe.healthHistory.split("");
  const good = slots.filter((s) => s === "1").length;
  const rule = `healthy while ≥ ${probe.threshold} of the last ${probe.window} succeed`;
  return (
    <div className={styles.register}>
      <div
        className={styles.registerSlots}
        role="img"
        aria-label={`Last ${slots.length} checks, oldest first: ${slots.map((s) => (s === "1" ? "good" : "bad")).join(", ")}`}
        data-testid="health-register"
        data-history={probe.healthHistory}
      >
        <span className={styles.registerEnd} aria-hidden="true">
          oldest
        </span>
        {slots.map((s, i) => (
          <span key={i} className={s === "1" ? styles.slotGood : styles.slotBad} />
        ))}
        <span className={styles.registerEnd} aria-hidden="true">
          newest
        </span>
      </div>
      <p className={styles.registerText}>
        <strong>
          {good} of {slots.length}
        </strong>{" "}
        recent checks good · {rule}
      </p>
    </div>
  );
}
