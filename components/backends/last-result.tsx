import type { ProbeResultView } from "@/lib/backends/probe-schemas";
import { errorClassInfo } from "@/components/backends/error-classes";
import { formatMeasured } from "@/components/backends/format";
import { RelativeTime } from "@/components/ui/relative-time";
import styles from "./backends.module.css";

/** ok/failed with its class, the status, how long it took, and when: one probe result in a line. */
export function LastResult({ result, now, empty = "No result yet" }: { result: ProbeResultView | null; now: number; empty?: string }) {
  if (!result) return <span className="muted">{empty}</span>;
  return (
    <span className={styles.result}>
      <ResultMark result={result} />
      {result.status !== null ? <span className={styles.resultStatus}>{result.status}</span> : null}
      <span className={styles.resultMeta}>
        {formatMeasured(result.durationMs)} · <RelativeTime iso={result.at} now={new Date(now)} />
      </span>
    </span>
  );
}

/** "OK" or the error class, with a mark that differs by shape as well as colour. */
export function ResultMark({ result }: { result: Pick<ProbeResultView, "ok" | "errorClass"> }) {
  if (result.ok) {
    return (
      <span className={`${styles.mark} ${styles.markOk}`}>
        <svg viewBox="0 0 12 12" aria-hidden="true" focusable="false">
          <path d="m2.5 6.3 2.2 2.2 4.8-5" />
        </svg>
        OK
      </span>
    );
  }
  const cls = result.errorClass ?? "failed";
  return (
    <span className={`${styles.mark} ${styles.markBad}`} title={errorClassInfo(cls).hint}>
      <svg viewBox="0 0 12 12" aria-hidden="true" focusable="false">
        <path d="M3 3l6 6M9 3l-6 6" />
      </svg>
      <span className={styles.mono}>{cls}</span>
    </span>
  );
}
