import Link from "next/link";
import type { SourceView } from "@/lib/sources/schemas";
import { RelativeTime } from "@/components/ui/relative-time";

/**
 * The overview's warning for sources that sent lines and then stopped (10 minutes of nothing):
 * a stopped shipper looks exactly like a quiet, healthy proxy on every chart. Demo sources never
 * send again after loading, so their silence is expected and not flagged here (their rows on the
 * sources page still say so). Server-rendered.
 */
export function SilentSources({ sources, now }: { sources: SourceView[]; now: Date }) {
  const silent = sources.filter((s) => s.silent && !s.demo);
  if (silent.length === 0) return null;
  return (
    <div role="status" className="alert alert-warn" data-testid="silent-sources">
      {silent.length === 1 ? "A source has gone silent: " : `${silent.length} sources have gone silent: `}
      {silent.map((s, i) => (
        <span key={s.id}>
          {i > 0 ? "; " : ""}
          <Link href={`/settings/sources/${encodeURIComponent(s.id)}`}>{s.name}</Link> sent its last line <RelativeTime iso={s.lastIngestAt} now={now} />
        </span>
      ))}
      . {silent.length === 1 ? "Its" : "Their"} charts read as no traffic, not as no errors: check that the shipper and the proxy&rsquo;s logging
      are running.
    </div>
  );
}

/** The "silent" mark beside a source's last line time, on the sources list and its page. */
export function SilentBadge({ source }: { source: SourceView }) {
  if (!source.silent) return null;
  return (
    <span className="badge badge-warn" data-testid="source-silent" title="It sent lines before and nothing for 10 minutes: a shipper or the proxy's logging may have stopped.">
      Silent
    </span>
  );
}
