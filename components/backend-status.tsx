// A backend's one status (lib/backends/status.ts): an icon and a word, never colour alone, and the
// sentence it was derived from (as a tooltip, or shown under the badge with `withReason`).
import type { BackendStatus } from "@/lib/backends/schemas";
import styles from "./backend-status.module.css";

export const STATUS_LABEL: Record<BackendStatus, string> = { healthy: "Healthy", failing: "Failing", sick: "Sick", stale: "Stale", unknown: "Unknown" };

/** Worst first: the order lists and tables sort by. */
export const STATUS_RANK: Record<BackendStatus, number> = { failing: 0, sick: 1, stale: 2, unknown: 3, healthy: 4 };

const GLYPH: Record<BackendStatus, React.ReactNode> = {
  healthy: <path d="m7.5 12.3 3 3 6-6.3" />,
  failing: <path d="M12 7v6.2M12 16.6v.1" />,
  sick: <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" />,
  stale: <path d="M12 7.5V12l3 2" />,
  unknown: <path d="M9.6 9.4a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.6M12 16.6v.1" />,
};

interface Props {
  status: BackendStatus;
  reason: string;
  large?: boolean;
  withReason?: boolean;
}

export function BackendStatusBadge({ status, reason, large = false, withReason = false }: Props) {
  const badge = (
    <span className={`${styles.status} ${styles[status]} ${large ? styles.large : ""}`} data-status={status} title={withReason ? undefined : reason}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={styles.icon}>
        <circle cx="12" cy="12" r="9.5" />
        {GLYPH[status]}
      </svg>
      {STATUS_LABEL[status]}
      {withReason ? null : <span className="sr-only">: {reason}</span>}
    </span>
  );
  if (!withReason) return badge;
  return (
    <span className={styles.withReason}>
      {badge}
      <span className={styles.reason} data-testid="status-reason">
        {reason}
      </span>
    </span>
  );
}
