"use client";
// Raw 5xx lines, one row each: when, status, cause, where from, the line exactly as the proxy
// wrote it (copyable), and what the parser read from it, folded away until asked for.
import type { SampleView } from "@/lib/samples/schemas";
import { backendLabel, causeColor } from "@/components/charts/palette";
import { CauseName } from "@/components/charts/cause-name";
import { useIsClient } from "@/components/dashboard/use-is-client";
import { CopyButton } from "@/components/tokens/copy-button";
import { flattenFields } from "@/components/samples/drill";
import styles from "./samples.module.css";

// Seconds and milliseconds: samples of one minute differ only there.
const exact = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
});

interface Props {
  items: SampleView[];
  /** Hide the backend column (a backend's own page). */
  showBackend: boolean;
}

export function SamplesTable({ items, showBackend }: Props) {
  const isClient = useIsClient();
  return (
    <div className="table-wrap">
      <table className={`data ${styles.table}`} data-testid="samples-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col">Cause</th>
            <th scope="col">Source</th>
            {showBackend ? <th scope="col">Backend</th> : null}
            <th scope="col" className={styles.lineHead}>
              Raw line and parsed fields
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => {
            const fields = flattenFields(s.fields);
            const lineId = `sample-line-${s.id}`;
            return (
              <tr key={s.id} data-testid="sample-row" data-cause={s.cause} data-status={s.status}>
                <td className={styles.time}>
                  {/* The server cannot know the reader's zone: UTC until the browser takes over. */}
                  <time dateTime={s.at}>{isClient ? exact.format(new Date(s.at)) : s.at.replace("T", " ").replace("Z", " UTC")}</time>
                </td>
                <td>
                  <span className="badge">{s.status}</span>
                </td>
                <td className={styles.causeCell}>
                  <span className={styles.swatch} style={{ background: causeColor(s.cause) }} aria-hidden="true" />
                  <CauseName cause={s.cause} compact />
                </td>
                <td className={styles.source}>{s.source.name ?? <span className="muted">deleted source</span>}</td>
                {showBackend ? <td className={styles.source}>{backendLabel(s.backend)}</td> : null}
                <td className={styles.lineCell}>
                  <div className={styles.lineRow}>
                    <code id={lineId} className={styles.line} data-testid="sample-line">
                      {s.line}
                    </code>
                    <span className={styles.copy}>
                      <CopyButton text={s.line} label="Copy" describedBy={lineId} small />
                    </span>
                  </div>
                  {fields.length > 0 ? (
                    <details className={styles.fields}>
                      <summary>Parsed fields ({fields.length})</summary>
                      <dl className={styles.fieldList} data-testid="sample-fields">
                        {fields.map(([k, v]) => (
                          <div key={k} className={styles.field}>
                            <dt>{k}</dt>
                            <dd>{k === "time" && /^\d+$/.test(v) ? `${v} (${new Date(Number(v)).toISOString()})` : v}</dd>
                          </div>
                        ))}
                      </dl>
                    </details>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
