"use client";
// Every backend in one table, worst first: its status (traffic, alert rules and probes), how much of its traffic fails,
// how slow it is, and the leading cause of its 5xx. A name narrows the whole overview to it.
import { useOverview } from "@/components/dashboard/overview-provider";
import { errorCount, ratio, topCause } from "@/components/dashboard/summary-math";
import { backendLabel, causeColor } from "@/components/charts/palette";
import { CauseName } from "@/components/charts/cause-name";
import { formatCount, formatMs, formatPercent } from "@/components/charts/format";
import type { BackendView } from "@/lib/backends/schemas";
import { BackendStatusBadge, STATUS_RANK } from "@/components/backend-status";
import styles from "./dashboard.module.css";

interface Row {
  name: string;
  backend: BackendView | undefined;
  total: number;
  errorRate: number | null;
  rate503: number | null;
  p95: number | null;
  top: ReturnType<typeof topCause>;
}

/** Failing, sick, stale first, then the highest error rate, then the busiest. */
function worstFirst(a: Row, b: Row): number {
  const ha = a.backend ? Math.min(STATUS_RANK[a.backend.status], STATUS_RANK.unknown) : STATUS_RANK.unknown;
  const hb = b.backend ? Math.min(STATUS_RANK[b.backend.status], STATUS_RANK.unknown) : STATUS_RANK.unknown;
  if (ha !== hb) return ha - hb;
  const ea = a.errorRate ?? -1;
  const eb = b.errorRate ?? -1;
  if (ea !== eb) return eb - ea;
  if (a.total !== b.total) return b.total - a.total;
  return a.name.localeCompare(b.name);
}

function StatusCell({ backend }: { backend: BackendView | undefined }) {
  if (!backend) return <span className="muted" title="Log lines that named no known backend">—</span>;
  return <BackendStatusBadge status={backend.status} reason={backend.statusReason} />;
}

/** A dependency (database, cache) in trouble, in words: "3 queries waiting on a lock for 40 s on orders-db". */
function DependencyTrouble({ backend }: { backend: BackendView | undefined }) {
  const troubled = (backend?.dependencies ?? []).filter((d) => d.trouble !== null);
  if (troubled.length === 0) return null;
  return (
    <span className={`badge badge-danger ${styles.dependencyTrouble}`} data-testid="dependency-trouble">
      {troubled.map((d) => d.trouble).join("; ")}
    </span>
  );
}

export function HealthTable() {
  const { view, data, navigate, hrefOf } = useOverview();
  const byName = new Map(data.backends.map((b) => [b.name, b]));
  const names = new Set(Object.keys(data.summary.byBackend));
  // Backends known from probes or config but quiet in this range still belong in the table,
  // unless a source filter narrows it to that source's traffic.
  if (!view.source) for (const b of data.backends) names.add(b.name);
  const rows: Row[] = [...names]
    .filter((n) => !view.backend || n === view.backend)
    .map((name) => {
      const s = data.summary.byBackend[name];
      const total = s?.total ?? 0;
      return {
        name,
        backend: byName.get(name),
        total,
        errorRate: s ? ratio(errorCount(s, view.cause), total) : null,
        rate503: s ? ratio(s.byStatus["503"] ?? 0, total) : null,
        p95: s?.latency.p95 ?? null,
        top: s ? topCause(s.byCause) : null,
      };
    })
    .sort(worstFirst);

  const rateHeader = view.cause ? `${view.cause} rate` : "5xx rate";
  return (
    <section className={`card ${styles.tableCard}`} aria-labelledby="health-title" data-testid="health-table">
      <div className={styles.tableHead}>
        <h2 id="health-title" className={styles.sectionTitle}>
          Backends
        </h2>
        <p className={styles.sectionNote}>Worst first: failing (5xx now or an alert firing), sick (probe), stale, then the highest {rateHeader} over the range. Hover a status for what it came from.</p>
      </div>
      {rows.length === 0 ? (
        <p className={styles.tableEmpty}>No backend has traffic or probes in this view.</p>
      ) : (
        <div className="table-wrap">
          <table className={`data ${styles.table}`}>
            <thead>
              <tr>
                <th scope="col">Backend</th>
                <th scope="col">Status</th>
                <th scope="col" className={styles.num}>
                  Requests
                </th>
                <th scope="col" className={styles.num}>
                  {rateHeader}
                </th>
                <th scope="col" className={styles.num}>
                  503 rate
                </th>
                <th scope="col" className={styles.num}>
                  p95
                </th>
                <th scope="col">Top cause of 5xx</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const focus = { ...view, backend: view.backend === r.name ? null : r.name };
                return (
                  <tr key={r.name} data-backend={r.name} data-status={r.backend?.status} className={r.backend?.status === "failing" || r.backend?.status === "sick" ? styles.sickRow : undefined}>
                    <th scope="row" className={styles.nameCell}>
                      {r.name === "" ? (
                        <span className="muted" title="Log lines that named no backend">
                          {backendLabel(r.name)}
                        </span>
                      ) : (
                        <a
                          href={hrefOf(focus)}
                          onClick={(e) => {
                            if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
                            e.preventDefault();
                            navigate(focus);
                          }}
                          title={view.backend === r.name ? "Show every backend" : `Show only ${r.name}`}
                        >
                          {r.name}
                        </a>
                      )}
                      {r.backend?.address ? <span className={styles.sub}>{r.backend.address}</span> : null}
                    </th>
                    <td>
                      <StatusCell backend={r.backend} />
                      <DependencyTrouble backend={r.backend} />
                    </td>
                    <td className={styles.num}>{formatCount(r.total)}</td>
                    <td className={`${styles.num} ${r.errorRate !== null && r.errorRate >= 0.05 ? styles.danger : r.errorRate !== null && r.errorRate >= 0.01 ? styles.warn : ""}`}>
                      {r.errorRate === null ? <span className="muted">—</span> : formatPercent(r.errorRate)}
                    </td>
                    <td className={styles.num}>{r.rate503 === null ? <span className="muted">—</span> : formatPercent(r.rate503)}</td>
                    <td className={styles.num}>{r.p95 === null ? <span className="muted">—</span> : formatMs(r.p95)}</td>
                    <td>
                      {r.top ? (
                        <span className={styles.topCause}>
                          <span className={styles.causeSwatch} style={{ background: causeColor(r.top.cause) }} aria-hidden="true" />
                          <CauseName cause={r.top.cause} />
                          <span className="muted">{formatPercent(r.top.share)}</span>
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
