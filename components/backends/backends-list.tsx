"use client";
// The backends list, live: status (traffic, alert rules, probes), traffic and 5xx over the status
// window, address, origin, tags and the latest check of each, worst first. Refreshed from
// GET /api/v1/backends every 10 s; status changes are announced.
import Link from "next/link";
import { useMemo, useState } from "react";
import type { BackendStatus, BackendView } from "@/lib/backends/schemas";
import { BackendStatusBadge, STATUS_LABEL, STATUS_RANK } from "@/components/backend-status";
import { LastResult } from "@/components/backends/last-result";
import { LiveStatus } from "@/components/backends/live-status";
import { useLive, useNow } from "@/components/backends/use-live";
import settings from "@/components/ui/settings.module.css";
import styles from "./backends.module.css";

export const LIST_REFRESH_MS = 10_000;

export const ORIGIN_LABEL: Record<BackendView["origin"], string> = { manual: "Added by hand", discovered: "Seen in logs", imported: "Imported" };

export function sortBackends(list: BackendView[]): BackendView[] {
  return [...list].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.name.localeCompare(b.name));
}

interface Props {
  initial: BackendView[];
  readAt: number;
  canWrite: boolean;
}

export function BackendsList({ initial, readAt, canWrite }: Props) {
  const live = useLive<{ backends: BackendView[] }>("/api/v1/backends", { backends: initial }, readAt, LIST_REFRESH_MS);
  const now = useNow(readAt);
  const backends = useMemo(() => sortBackends(live.data.backends), [live.data.backends]);
  const announcement = useHealthAnnouncement(backends);

  if (backends.length === 0) return <BackendsEmpty canWrite={canWrite} />;
  const counts: Record<BackendStatus, number> = { failing: 0, sick: 0, stale: 0, unknown: 0, healthy: 0 };
  for (const b of backends) counts[b.status] += 1;
  const windowMinutes = backends[0]!.traffic.windowMinutes;

  return (
    <section aria-labelledby="backends-list-title">
      <div className={styles.listHead}>
        <h2 id="backends-list-title" className={styles.sectionTitle}>
          {backends.length === 1 ? "1 backend" : `${backends.length} backends`}
          <span className={styles.counts}>
            {(["failing", "sick", "stale", "unknown", "healthy"] as const)
              .filter((h) => counts[h] > 0)
              .map((h) => `${counts[h]} ${STATUS_LABEL[h].toLowerCase()}`)
              .join(" · ")}
          </span>
        </h2>
        <LiveStatus readAt={live.readAt} now={now} everyMs={LIST_REFRESH_MS} error={live.error?.message ?? null} onRefresh={live.refresh} />
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className={`card ${settings.tableCard}`}>
        <div className="table-wrap">
          <table className={`data ${styles.backendsTable}`} data-testid="backends-table">
            <caption className="sr-only">Backends, failing and sick ones first</caption>
            <thead>
              <tr>
                <th scope="col">Backend</th>
                <th scope="col">Status</th>
                <th scope="col" className={styles.num}>
                  Requests, {windowMinutes} min
                </th>
                <th scope="col" className={styles.num}>
                  5xx, {windowMinutes} min
                </th>
                <th scope="col">Address</th>
                <th scope="col">Origin</th>
                <th scope="col">Last check</th>
              </tr>
            </thead>
            <tbody>
              {backends.map((b) => (
                <tr key={b.id} data-backend={b.name} data-health={b.health} data-status={b.status}>
                  <td>
                    <Link href={`/backends/${encodeURIComponent(b.id)}`} className={styles.nameLink}>
                      {b.name}
                    </Link>
                    {b.demo ? <span className={`badge ${styles.tag}`}>Demo</span> : null}
                    {b.tags.length > 0 ? (
                      <ul className={styles.tags} aria-label="Tags">
                        {b.tags.map((t) => (
                          <li key={t} className={styles.tag}>
                            {t}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td className={settings.nowrap}>
                    <BackendStatusBadge status={b.status} reason={b.statusReason} />
                  </td>
                  <td className={styles.num}>{b.traffic.requests.toLocaleString("en-US")}</td>
                  <td className={styles.num}>
                    {b.traffic.requests === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      `${b.traffic.errors5xx.toLocaleString("en-US")} (${(Math.round((b.traffic.errors5xx / b.traffic.requests) * 1000) / 10).toLocaleString("en-US")} %)`
                    )}
                  </td>
                  <td>{b.address ? <span className={styles.mono}>{b.address}</span> : <span className="muted">—</span>}</td>
                  <td className={settings.nowrap}>{ORIGIN_LABEL[b.origin]}</td>
                  <td>
                    <LastResult result={b.lastResult} now={now} empty={b.probeCount === 0 ? "No probe" : "No result yet"} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** "web-2 is now failing." when a refresh changes a backend's status (screen readers hear it once). */
function useHealthAnnouncement(backends: BackendView[]): string {
  // React's "previous value in state" pattern: compared during render, no effect needed.
  const [previous, setPrevious] = useState(backends);
  const [text, setText] = useState("");
  if (previous !== backends) {
    setPrevious(backends);
    const before = new Map(previous.map((b) => [b.id, b.status]));
    const changed = backends.filter((b) => before.has(b.id) && before.get(b.id) !== b.status);
    if (changed.length > 0) setText(changed.map((b) => `${b.name} is now ${STATUS_LABEL[b.status].toLowerCase()}.`).join(" "));
  }
  return text;
}

function BackendsEmpty({ canWrite }: { canWrite: boolean }) {
  return (
    <section className={`card ${styles.empty}`} aria-labelledby="backends-empty-title" data-testid="backends-empty">
      <svg className={styles.emptyIcon} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <rect x="8" y="8" width="32" height="11" rx="3" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.4" />
        <rect x="8" y="25" width="32" height="11" rx="3" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.4" />
        <circle cx="14" cy="13.5" r="1.8" fill="currentColor" />
        <circle cx="14" cy="30.5" r="1.8" fill="currentColor" />
        <path d="M22 13.5h12M22 30.5h8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" opacity="0.6" />
      </svg>
      <h2 id="backends-empty-title" className={styles.emptyTitle}>
        No backends yet
      </h2>
      <p className={styles.emptyText}>
        A backend is one origin server behind your proxies. Backends appear here on their own as soon as a source&rsquo;s log lines name them
        (the VCL backend, the HAProxy <code>backend/server</code>, the nginx upstream), so their 5xx can be told apart.
      </p>
      {canWrite ? (
        <p className={styles.emptyText}>
          You can also add one by hand with <strong>Add backend</strong>, or <Link href="/backends/import">import your proxy&rsquo;s config</Link> (Varnish VCL, HAProxy or
          nginx): its backends, timeouts and health checks come along. Then give each backend a probe to watch its health directly.
        </p>
      ) : (
        <p className={styles.emptyText}>An editor, admin or owner can add backends by hand or import them from a proxy config.</p>
      )}
    </section>
  );
}
