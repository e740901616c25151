"use client";
import { useId, useState } from "react";
import type { ProbeResultView } from "@/lib/backends/probe-schemas";
import { ResultMark } from "@/components/backends/last-result";
import { formatMeasured } from "@/components/backends/format";
import { totalOf } from "@/components/backends/probe-chart-data";
import settings from "@/components/ui/settings.module.css";
import styles from "./backends.module.css";

const PAGE = 20;
const TIME: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" };

/** The checks behind the chart, newest first, a page at a time; failures alone on request. */
export function ProbeResultsTable({ results, capacity }: { results: ProbeResultView[]; capacity: boolean }) {
  const [shown, setShown] = useState(PAGE);
  const [failuresOnly, setFailuresOnly] = useState(false);
  const checkboxId = useId();
  const newestFirst = [...results].reverse().filter((r) => !failuresOnly || !r.ok);
  const rows = newestFirst.slice(0, shown);

  return (
    <div className={styles.resultsBlock}>
      <div className={styles.resultsHead}>
        <h3 className={styles.subTitle} id="probe-results-title">
          Recent checks
        </h3>
        <label htmlFor={checkboxId} className={styles.checkbox}>
          <input id={checkboxId} type="checkbox" checked={failuresOnly} onChange={(e) => setFailuresOnly(e.target.checked)} />
          Failures only
        </label>
      </div>
      <div className={`card ${settings.tableCard}`}>
        {rows.length === 0 ? (
          <p className={settings.empty}>{failuresOnly ? "No failed checks in this range." : "No checks in this range."}</p>
        ) : (
          <div className="table-wrap">
            <table className={`data ${styles.resultsTable}`} aria-labelledby="probe-results-title" data-testid="probe-results">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Result</th>
                  <th scope="col" className={settings.right}>
                    Status
                  </th>
                  <th scope="col" className={settings.right}>
                    DNS
                  </th>
                  <th scope="col" className={settings.right}>
                    Connect
                  </th>
                  <th scope="col" className={settings.right}>
                    TLS
                  </th>
                  <th scope="col" className={settings.right}>
                    First byte
                  </th>
                  <th scope="col" className={settings.right}>
                    Total
                  </th>
                  <th scope="col">{capacity ? "Message / capacity" : "Message"}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${r.at}-${i}`} data-ok={r.ok} data-error-class={r.errorClass ?? undefined}>
                    <td className={settings.nowrap}>
                      <time dateTime={r.at}>{new Date(r.at).toLocaleString(undefined, TIME)}</time>
                    </td>
                    <td className={settings.nowrap}>
                      <ResultMark result={r} />
                    </td>
                    <td className={`${settings.right} ${styles.num}`}>{r.status ?? "—"}</td>
                    <td className={`${settings.right} ${styles.num}`}>{formatMeasured(r.phases?.dnsMs)}</td>
                    <td className={`${settings.right} ${styles.num}`}>{formatMeasured(r.phases?.connectMs)}</td>
                    <td className={`${settings.right} ${styles.num}`}>{formatMeasured(r.phases?.tlsMs)}</td>
                    <td className={`${settings.right} ${styles.num}`}>{formatMeasured(r.phases?.firstByteMs)}</td>
                    <td className={`${settings.right} ${styles.num} ${styles.strongNum}`}>{formatMeasured(totalOf(r))}</td>
                    <td className={styles.messageCell}>
                      {r.message ? <span>{r.message}</span> : null}
                      {r.summary ? <span className={styles.signals}>{r.summary}</span> : null}
                      {!r.message && !r.summary ? <span className="muted">—</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {newestFirst.length > shown ? (
        <button type="button" className={`btn btn-sm ${styles.showMore}`} onClick={() => setShown((n) => n + PAGE * 2)}>
          Show {Math.min(PAGE * 2, newestFirst.length - shown)} more ({newestFirst.length - shown} not shown)
        </button>
      ) : null}
    </div>
  );
}
