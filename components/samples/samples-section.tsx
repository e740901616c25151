"use client";
// "Recent 5xx samples": the raw lines behind the charts for the view's window (a bucket drilled
// into, or the whole range), filterable by cause, with the complete counts beside them so nobody
// mistakes five kept lines for the whole story. Older pages load on demand (keyset cursor).
import { useEffect, useState } from "react";
import type { SamplesAnswer } from "@/lib/samples/schemas";
import { callApi } from "@/components/forms/api";
import { CAUSE_HINT, CAUSE_IDS, causeColor } from "@/components/charts/palette";
import { CauseName } from "@/components/charts/cause-name";
import { formatBucket, formatCount, formatDateTime, formatDuration } from "@/components/charts/format";
import { useOverview } from "@/components/dashboard/overview-provider";
import { useIsClient } from "@/components/dashboard/use-is-client";
import { SAMPLES_ANCHOR, samplesApiPath } from "@/components/samples/drill";
import { SamplesTable } from "@/components/samples/samples-table";
import { cacheCollapseBefore } from "@/components/samples/cache-note";
import { formatPercent } from "@/components/charts/format";
import { hasCharts } from "@/components/dashboard/overview-queries";
import styles from "./samples.module.css";
import { MINUTE_MS } from "@/lib/rollups/levels";

/** The first page, read by the server for the first paint, and the API path it answers. */
export interface LoadedSamples {
  path: string;
  answer: SamplesAnswer;
}


export function SamplesSection({ initial }: { initial: LoadedSamples }) {
  const { view, data, navigate, pending, pinnedBackend } = useOverview();
  const isClient = useIsClient();
  const [state, setState] = useState({ from: initial, path: initial.path, pages: [initial.answer] });
  if (state.from !== initial) setState({ from: initial, path: initial.path, pages: [initial.answer] });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Auto-refresh moves the range without a server render: read the newest page for it. (A view
  // change is answered by the server instead; while it loads, `pending` holds this back.)
  const livePath = samplesApiPath(view, data.range);
  useEffect(() => {
    if (pending || livePath === state.path) return;
    let cancelled = false;
    void callApi<SamplesAnswer>("GET", livePath).then((res) => {
      if (cancelled) return;
      if (res.ok) setState((s) => ({ ...s, path: livePath, pages: [res.data] }));
      else setError(res.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [livePath, pending, state.path]);

  const first = state.pages[0]!;
  const last = state.pages[state.pages.length - 1]!;
  const items = state.pages.flatMap((p) => p.items);

  async function loadOlder() {
    if (!last.nextCursor) return;
    setLoading(true);
    setError(null);
    const path = state.path;
    const res = await callApi<SamplesAnswer>("GET", `${path}&cursor=${encodeURIComponent(last.nextCursor)}`);
    setLoading(false);
    // A refresh may have moved the window meanwhile: an older page of the old one does not belong.
    if (res.ok) setState((s) => (s.path === path ? { ...s, pages: [...s.pages, res.data] } : s));
    else setError(`Older samples could not be read: ${res.error.message}`);
  }

  const fromMs = Date.parse(first.from);
  const toMs = Date.parse(first.to);
  const span = toMs - fromMs;
  const totals = first.totals;
  const status = view.only503 ? "503" : null;
  // Rollups count causes over all 5xx, not per status: "503s of one cause" has no count to show.
  const counted = status && view.cause ? null : status ? (totals.byStatus[status] ?? 0) : view.cause ? (totals.byCause[view.cause] ?? 0) : totals.errors;
  const what = [view.cause, status ?? "5xx"].filter(Boolean).join(" ");
  const where = span === MINUTE_MS ? "this minute" : view.samples ? `this ${formatDuration(span)} bucket` : "this range";
  const causes = CAUSE_IDS.filter((c) => (totals.byCause[c] ?? 0) > 0 || view.cause === c);
  const collapse = totals.errors > 0 && hasCharts(data) ? cacheCollapseBefore(data.cache.hitRatio, fromMs, toMs) : null;

  return (
    <section id={SAMPLES_ANCHOR} className={`card ${styles.section}`} aria-labelledby="samples-title" data-testid="samples">
      <header className={styles.head}>
        <div>
          <h2 id="samples-title" className={styles.title}>
            Recent 5xx samples
          </h2>
          <p className={styles.window} data-testid="samples-window">
            {isClient ? (span <= 6 * 60 * MINUTE_MS ? formatBucket(fromMs, span) : `${formatDateTime(fromMs)} – ${formatDateTime(toMs)}`) : `${first.from} – ${first.to}`}
          </p>
        </div>
        {view.samples ? (
          <button type="button" className="btn btn-sm" onClick={() => navigate({ ...view, samples: null })}>
            Show the whole range
          </button>
        ) : null}
      </header>

      {collapse ? (
        <p className="alert alert-warn" role="note" data-testid="cache-collapse-note">
          The cache hit ratio fell from {formatPercent(collapse.high)} to {formatPercent(collapse.low)}
          {isClient ? ` at ${formatDateTime(collapse.lowAt)}` : ""} before these 5xx: a cold cache (a purge or a deploy) sent the origin
          more fetches than usual. The origin&apos;s errors may be the symptom; see the Cache chart and its purge markers.
        </p>
      ) : null}

      {causes.length > 0 ? (
        <div className={styles.causes} role="group" aria-label="Filter samples by cause">
          <button type="button" className={styles.cause} aria-pressed={view.cause === null} onClick={() => navigate({ ...view, cause: null })}>
            All causes <span className={styles.count}>{formatCount(totals.errors)}</span>
          </button>
          {causes.map((c) => (
            <button
              key={c}
              type="button"
              className={styles.cause}
              aria-pressed={view.cause === c}
              title={CAUSE_HINT[c]}
              onClick={() => navigate({ ...view, cause: view.cause === c ? null : c })}
            >
              <span className={styles.swatch} style={{ background: causeColor(c) }} aria-hidden="true" />
              <CauseName cause={c} /> <span className={styles.count}>{formatCount(totals.byCause[c] ?? 0)}</span>
            </button>
          ))}
        </div>
      ) : null}

      <p className={styles.summary} data-testid="samples-count" aria-live="polite">
        {items.length === 0
          ? null
          : counted === null
            ? `Showing ${formatCount(items.length)} ${what} samples in ${where}, newest first (503s are not counted by cause).`
            : `Showing ${formatCount(items.length)} of ${formatCount(counted)} ${what} in ${where}, newest first.`}
        {items.length > 0 ? " " : null}
        <span className="muted">
          Samples are kept up to {first.keptPerMinute} per minute, source, backend and cause, for {first.keptForDays} days; the counts are complete.
        </span>
      </p>

      {items.length > 0 ? (
        <SamplesTable items={items} showBackend={pinnedBackend === null} />
      ) : (
        <p className={`alert alert-warn ${styles.empty}`} role="status" data-testid="samples-empty">
          {emptyReason({ requests: totals.requests, counted: counted ?? 0, what, where, keptForDays: first.keptForDays, filtered: Boolean(view.cause || view.source || status) })}
        </p>
      )}

      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {last.nextCursor ? (
        <button type="button" className={`btn ${styles.more}`} onClick={() => void loadOlder()} disabled={loading}>
          {loading ? "Loading…" : "Load older samples"}
        </button>
      ) : null}
    </section>
  );
}

/** Why the list is empty, in the reader's terms: nothing arrived, nothing failed, or the lines aged out. */
function emptyReason(r: { requests: number; counted: number; what: string; where: string; keptForDays: number; filtered: boolean }): string {
  if (r.requests === 0) {
    return `No requests were logged in ${r.where}${r.filtered ? " for these filters" : ""}. If your proxy should have sent some, check the source's recent parse errors under Settings → Sources.`;
  }
  if (r.counted === 0) {
    return `No ${r.what} in ${r.where}: ${formatCount(r.requests)} requests, none of them answered ${r.what}. A source only has 5xx samples once its proxy logs a 5xx.`;
  }
  return `${formatCount(r.counted)} ${r.what} were counted in ${r.where}, but their raw lines are gone: samples are kept for ${r.keptForDays} days (RETENTION_SAMPLE_DAYS), counts for much longer.`;
}
