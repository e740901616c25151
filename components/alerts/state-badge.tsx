import type { RuleInstanceView } from "@/lib/alerts/schemas";
import styles from "./alerts.module.css";

const TONE: Record<RuleInstanceView["state"], string> = {
  normal: "badge badge-ok",
  pending: "badge",
  firing: "badge badge-danger",
  recovering: "badge",
  nodata: "badge",
  error: "badge badge-danger",
};

/** An alert instance's state, as Grafana names it. */
export function StateBadge({ state }: { state: RuleInstanceView["state"] }) {
  return (
    <span className={`${TONE[state]} ${styles.state}`} data-state={state}>
      {state}
    </span>
  );
}
