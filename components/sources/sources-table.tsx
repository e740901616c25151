import Link from "next/link";
import type { SourceView } from "@/lib/sources/schemas";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import { RelativeTime } from "@/components/ui/relative-time";
import { SilentBadge } from "@/components/sources/silent-sources";
import settings from "@/components/ui/settings.module.css";
import styles from "./sources.module.css";

/** Server-rendered: relative times are worked out against the request's clock. */
export function SourcesTable({ sources, now, canWrite }: { sources: SourceView[]; now: Date; canWrite: boolean }) {
  if (sources.length === 0) return <SourcesEmpty canWrite={canWrite} />;
  return (
    <div className={`card ${settings.tableCard}`}>
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">Sources</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Proxy</th>
              <th scope="col">Format</th>
              <th scope="col">Default backend</th>
              <th scope="col">Last line received</th>
              <th scope="col">Token</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/settings/sources/${encodeURIComponent(s.id)}`} className={styles.nameLink}>
                    {s.name}
                  </Link>
                  {s.demo ? <span className={`badge ${styles.demoBadge}`}>Demo</span> : null}
                </td>
                <td className={settings.nowrap}>{KIND_GUIDES[s.kind].short}</td>
                <td>
                  {s.format ? (
                    <code className={styles.formatCell} title={s.format}>
                      {s.format}
                    </code>
                  ) : (
                    <span className="muted">default</span>
                  )}
                </td>
                <td>{s.defaultBackend ? <span className={styles.mono}>{s.defaultBackend}</span> : <span className="muted">—</span>}</td>
                <td className={settings.nowrap}>
                  <RelativeTime iso={s.lastIngestAt} now={now} fallback="Never" /> <SilentBadge source={s} />
                </td>
                <td>
                  <span className={styles.prefix}>{s.tokenPrefix}…</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SourcesEmpty({ canWrite }: { canWrite: boolean }) {
  return (
    <section className={`card ${styles.empty}`} aria-labelledby="sources-empty-title" data-testid="sources-empty">
      <svg className={styles.emptyIcon} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <rect x="5" y="9" width="22" height="30" rx="4" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.35" />
        <path d="M10 17h12M10 23h9M10 29h12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" opacity="0.6" />
        <path d="M30 24h12M37 18l6 6-6 6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <h2 id="sources-empty-title" className={styles.emptyTitle}>
        No sources yet
      </h2>
      <p className={styles.emptyText}>
        A source is one proxy&rsquo;s log stream: a Varnish, nginx, HAProxy or Envoy instance (or any JSON access log) that sends its lines
        here with its own ingest token. From each line Origin Watch reads the status, the backend and, when the format logs it, why a request
        failed.
      </p>
      {canWrite ? (
        <p className={styles.emptyText}>
          Add one below: name it, pick the proxy and paste its log format. You get a token and ready-to-copy commands for curl, the CLI,
          Vector or Fluent Bit.
        </p>
      ) : (
        <p className={styles.emptyText}>An editor, admin or owner can add one.</p>
      )}
    </section>
  );
}
