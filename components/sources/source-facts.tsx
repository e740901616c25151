import type { SourceView } from "@/lib/sources/schemas";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import { LocalTime } from "@/components/ui/local-time";
import { RelativeTime } from "@/components/ui/relative-time";
import { SilentBadge } from "@/components/sources/silent-sources";
import { varnishSideSupport } from "@/lib/ingest/formats/varnish";
import styles from "./sources.module.css";

const VARNISH_SIDES = {
  side: "Each line says its side (%{Varnish:side}x): the origin's own 5xx count as backend_error.",
  declared: "Declared as fed by varnishncsa -b: every line is a backend fetch, so a 5xx without a FetchError is the origin's own (backend_error).",
  inferred:
    "No side logged: lines that name their backend connection (BackendOpen) or a FetchError are read as backend fetches (varnishncsa -b), so the origin's own 5xx count as backend_error.",
  none: "This format cannot tell backend fetches from client requests: a 5xx without a FetchError counts as unknown. Add %{Varnish:side}x (with varnishncsa -b -c), or %{VSL:FetchError}x and either %{VSL:BackendOpen[2]}x or, in the settings, “Fed by varnishncsa -b” (with varnishncsa -b).",
} as const;

/** What cannot be edited: the proxy, the token's prefix and the times. Server-rendered. */
export function SourceFacts({ source, now }: { source: SourceView; now: Date }) {
  return (
    <dl className={styles.facts}>
      <dt>Proxy</dt>
      <dd>{KIND_GUIDES[source.kind].label}</dd>
      <dt>Token</dt>
      <dd>
        <span className={styles.prefix}>{source.tokenPrefix}…</span>
      </dd>
      <dt>Last line</dt>
      <dd>
        <RelativeTime iso={source.lastIngestAt} now={now} fallback="Nothing received yet" /> <SilentBadge source={source} />
      </dd>
      {source.kind === "varnish" ? (
        <>
          <dt>Origin 5xx</dt>
          <dd data-testid="varnish-sides" data-support={varnishSideSupport(source.format, source.backendSide)}>
            {VARNISH_SIDES[varnishSideSupport(source.format, source.backendSide)]}
          </dd>
        </>
      ) : null}
      <dt>Created</dt>
      <dd>
        <LocalTime iso={source.createdAt} />
      </dd>
    </dl>
  );
}

/** The editable settings as text, for viewers. */
export function SourceSettingsReadOnly({ source }: { source: SourceView }) {
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="source-settings-title">
      <h2 id="source-settings-title" className={styles.panelTitle}>
        Settings
      </h2>
      <dl className={styles.facts}>
        <dt>Name</dt>
        <dd>{source.name}</dd>
        <dt>Format</dt>
        <dd>
          {source.format ? (
            <pre className={styles.formatPre}>
              <code>{source.format}</code>
            </pre>
          ) : (
            <span className="muted">The proxy&rsquo;s default</span>
          )}
        </dd>
        <dt>Default backend</dt>
        <dd>{source.defaultBackend ? <span className={styles.mono}>{source.defaultBackend}</span> : <span className="muted">None</span>}</dd>
        {source.kind === "varnish" ? (
          <>
            <dt>Fed by varnishncsa -b</dt>
            <dd>{source.backendSide ? "Yes: every line is a backend fetch" : "No"}</dd>
          </>
        ) : null}
      </dl>
      <p className={styles.readOnlyNote}>Only editors, admins and owners can change a source.</p>
    </section>
  );
}
