// A cause as people read it: its words first, its id after in small type (the id is what alerts,
// URLs and the API speak, so it stays copyable), and both with the meaning in the tooltip.
import { causeLabel, causeTitle } from "@/components/charts/palette";
import styles from "./charts.module.css";

export function CauseName({ cause, compact = false }: { cause: string; compact?: boolean }) {
  const words = causeLabel(cause);
  return (
    <span className={styles.causeName} title={causeTitle(cause)}>
      {words !== cause ? <span className={styles.causeWords}>{words}</span> : null}
      {compact && words !== cause ? null : <code className={words !== cause ? styles.causeId : undefined}>{cause}</code>}
    </span>
  );
}
