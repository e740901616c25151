import { RejectedLine } from "@/components/sources/rejected-line";
import { RelativeTime } from "@/components/ui/relative-time";
import settings from "@/components/ui/settings.module.css";
import styles from "./sources.module.css";

export interface RejectedLineRow {
  at: string;
  lineNo: number;
  line: string;
  reason: string;
}

interface Props {
  errors: RejectedLineRow[];
  limit: number;
  now: Date;
  /** Nothing received yet: the empty state says so instead of praising an empty stream. */
  received: boolean;
}

/** The most recent lines the source could not read, newest first. Server-rendered. */
export function ParseErrors({ errors, limit, now, received }: Props) {
  return (
    <section className={styles.rejected} aria-labelledby="rejected-title" data-testid="parse-errors">
      <div className={styles.sectionHead}>
        <h2 id="rejected-title" className={styles.sectionTitle}>
          Rejected lines
        </h2>
        <p className={styles.sectionIntro}>
          Lines this source sent that could not be read, newest first{errors.length >= limit ? ` (the latest ${limit})` : ""}. The rest of
          each batch still counted. When most lines land here, the format above does not match what the proxy writes.
        </p>
      </div>
      <div className={`card ${settings.tableCard}`}>
        {errors.length === 0 ? (
          <p className={styles.rejectedEmpty}>
            {received ? (
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={styles.okIcon}>
                <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
                <path d="m7.5 12.3 3 3 6-6.3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            ) : (
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={styles.waitIcon}>
                <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
                <path d="M12 7v5l3 2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            )}
            {received
              ? "No rejected lines: every line this source sent was understood."
              : "No lines received yet. Once this source sends logs, any line Origin Watch cannot read is listed here with the reason."}
          </p>
        ) : (
          <div className="table-wrap">
            <table className={`data ${styles.rejectedTable}`}>
              <caption className="sr-only">Rejected lines, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col" className={settings.right}>
                    Line in batch
                  </th>
                  <th scope="col">Content</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={`${e.at}-${e.lineNo}-${i}`}>
                    <td className={settings.nowrap}>
                      <RelativeTime iso={e.at} now={now} />
                    </td>
                    <td className={`${settings.right} ${styles.lineNo}`}>
                      {e.lineNo.toLocaleString("en")}
                    </td>
                    <td className={styles.contentCell}>
                      <RejectedLine line={e.line} />
                    </td>
                    <td className={styles.reason}>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
