// The overview of a workspace that has received no traffic yet: what the page will show, and the
// three steps to get there.
import Link from "next/link";
import { LoadDemoButton } from "@/components/demo/load-demo-button";
import styles from "./dashboard.module.css";

interface Props {
  /** Where this server is, as the browser reached it (for the ready-to-copy command). */
  origin: string;
  sources: Array<{ name: string }>;
  canAddSources: boolean;
  canInvite: boolean;
  /** Admins and owners may fill the empty workspace with the demo day. */
  canLoadDemo: boolean;
}

export function OverviewEmpty({ origin, sources, canAddSources, canInvite, canLoadDemo }: Props) {
  const waiting = sources.length > 0;
  return (
    <section className={`card ${styles.empty}`} data-testid="overview-empty" aria-labelledby="overview-empty-title">
      <svg className={styles.emptyIcon} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <rect x="5" y="9" width="38" height="30" rx="5" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.35" />
        <path d="M11 28h7l3-7 5 12 3-5h8" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <h2 id="overview-empty-title" className={styles.emptyTitle}>
        No traffic received yet
      </h2>
      <p className={styles.emptyText}>
        Origin Watch reads the access logs your reverse proxies already write (Varnish, nginx, HAProxy, Envoy, or JSON lines from anything) and
        probes your backends. Once lines arrive, this page shows the 5xx rate of each backend, since when it rose, and why: timeouts, refused
        connections, no healthy backend, or the origin&apos;s own errors.
      </p>
      {waiting ? (
        <p className={`alert alert-warn ${styles.emptyWaiting}`}>
          {sources.length === 1 ? `The source “${sources[0]!.name}” is set up` : `${sources.length} sources are set up`}, but no line that could be read
          has arrived yet. Check that the shipper is running and pointed at this server; a source&apos;s page lists the lines it rejected and why.
        </p>
      ) : null}
      <ol className={styles.steps}>
        <li>
          <strong>Add a source</strong> for each proxy in the <Link href="/settings/sources">source settings</Link>: pick the proxy and paste its
          log format. You get an ingest token, shown once.
        </li>
        <li>
          <strong>Send its access log</strong>, continuously, with the shipper this server serves (one file, Node.js 18 or newer, nothing to
          install from npm):
          <pre className={styles.command}>
            <code>{`curl -fsSL ${origin}/api/v1/shipper.mjs -o originwatch-shipper.mjs\nnode originwatch-shipper.mjs --url ${origin} \\\n  --token <the source's token> --follow /var/log/nginx/access.log`}</code>
          </pre>
          or in batches: <code>POST {origin}/api/v1/ingest</code> with the token as a bearer, one log line per line. Vector and Fluent Bit work
          too; the source&apos;s page has every recipe filled in, with a systemd unit that keeps the shipper running.
        </li>
        <li>
          <strong>Log the evidence</strong> that tells why a request failed: Varnish&apos;s <code>FetchError</code>, nginx&apos;s{" "}
          <code>$upstream_*</code> variables and error log, HAProxy&apos;s termination state, Envoy&apos;s response flags. Without it, 5xx are
          counted as <code>unknown</code>.
        </li>
      </ol>
      <div className={styles.emptyActions}>
        <Link href="/settings/sources" className="btn btn-primary">
          {canAddSources ? (waiting ? "Check the source settings" : "Add a source") : "Go to the source settings"}
        </Link>
        {canInvite ? (
          <Link href="/settings/users" className="btn">
            Invite your team
          </Link>
        ) : null}
      </div>
      {canLoadDemo ? <LoadDemoButton /> : null}
    </section>
  );
}
