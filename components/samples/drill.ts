// Drill-down from a chart bucket to the raw 5xx lines behind it, and the samples query a view
// asks. Pure: the overview, the backend page, the /samples page and the tests share it.
import type { SeriesAnswer } from "@/lib/rollups/schemas";
import { formatTimeParam, viewToSearch, type TimeRange, type ViewState } from "@/components/dashboard/view-state";

/** Where the samples of a window are listed, given where the reader is. */
export interface DrillContext {
  /** On a backend's page: its path (/backends/<id>); the samples section is on the same page. */
  pinnedPath: string | null;
  /** Known backends: a filtered-on backend with a page gets its samples there. */
  backends: ReadonlyArray<{ id: string; name: string }>;
}

export const SAMPLES_ANCHOR = "samples";

export function samplesHref(view: ViewState, window: TimeRange, ctx: DrillContext): string {
  const onBackendPage = (path: string) => `${path}${viewToSearch({ ...view, backend: null, samples: window })}#${SAMPLES_ANCHOR}`;
  if (ctx.pinnedPath !== null) return onBackendPage(ctx.pinnedPath);
  const page = view.backend ? ctx.backends.find((b) => b.name === view.backend) : undefined;
  if (page) return onBackendPage(`/backends/${encodeURIComponent(page.id)}`);
  // Anything else (every backend, or one only the logs know): the samples page, its range the window.
  return `/samples${viewToSearch({ ...view, range: null, from: window.fromMs, to: window.toMs, refresh: false, samples: null })}`;
}

/** The window the samples list covers: a drilled-into bucket, or the whole range on screen. */
export function samplesWindow(view: ViewState, range: TimeRange): TimeRange {
  return view.samples ?? range;
}

/** Samples per page in the UI: a raw line takes several rows of text; "Load older" fetches more. */
export const SAMPLES_PAGE_SIZE = 20;

/** The API path of the first page of samples for a view (filters as on the charts). */
/** The samples read for a view, as the API takes it: the server's first paint parses it directly. */
export function samplesQuery(view: ViewState, range: TimeRange, limit = SAMPLES_PAGE_SIZE): Record<string, string> {
  const w = samplesWindow(view, range);
  const q: Record<string, string> = { from: formatTimeParam(w.fromMs), to: formatTimeParam(w.toMs) };
  if (view.source) q.source = view.source;
  if (view.backend) q.backend = view.backend;
  if (view.cause) q.cause = view.cause;
  // "503 only" on the charts: the samples follow, so the list matches the spike clicked.
  if (view.only503) q.status = "503";
  q.limit = String(limit);
  return q;
}

export const samplesApiPath = (view: ViewState, range: TimeRange, limit = SAMPLES_PAGE_SIZE): string =>
  `/api/v1/samples?${new URLSearchParams(samplesQuery(view, range, limit)).toString()}`;

export interface Spike {
  t: number;
  stepMs: number;
  /** The bucket's value summed over the series shown (their stack), in the answer's unit. */
  value: number;
}

/**
 * The buckets with the most 5xx in a series answer, biggest first, for the list of links under the
 * 5xx chart: the keyboard's (and screen reader's) way into the same drill-down as a click.
 */
export function topSpikes(answer: Pick<SeriesAnswer, "stepMs" | "series">, keys: ReadonlySet<string> | null, count: number): Spike[] {
  const sums = new Map<number, number>();
  for (const s of answer.series) {
    if (keys && !keys.has(s.key)) continue;
    for (const [t, v] of s.points) if (v !== null && v > 0) sums.set(t, (sums.get(t) ?? 0) + v);
  }
  return [...sums.entries()]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, count)
    .map(([t, value]) => ({ t, stepMs: answer.stepMs, value }));
}

export interface SeriesSpike extends Spike {
  /** The series (cause or backend) whose worst bucket this is; others at the same time are added in `value`. */
  key: string;
}

/**
 * The worst bucket of each series shown (each cause, or each backend), worst first, one per
 * bucket: two incidents on screen both get a link, where the overall top buckets would all come
 * from the bigger one. `value` is the bucket's total over the series shown, as drawn.
 */
export function worstBucketPerSeries(answer: Pick<SeriesAnswer, "stepMs" | "series">, keys: ReadonlySet<string> | null, count: number): SeriesSpike[] {
  const totals = new Map(topSpikes(answer, keys, Number.MAX_SAFE_INTEGER).map((s) => [s.t, s.value]));
  const worst: Array<{ key: string; t: number; v: number }> = [];
  for (const s of answer.series) {
    if (keys && !keys.has(s.key)) continue;
    let best: { t: number; v: number } | null = null;
    for (const [t, v] of s.points) if (v !== null && v > 0 && (best === null || v > best.v || (v === best.v && t > best.t))) best = { t, v };
    if (best) worst.push({ key: s.key, ...best });
  }
  const seen = new Set<number>();
  return worst
    .sort((a, b) => b.v - a.v || b.t - a.t || a.key.localeCompare(b.key))
    .filter((w) => !seen.has(w.t) && Boolean(seen.add(w.t)))
    .slice(0, count)
    .map((w) => ({ t: w.t, stepMs: answer.stepMs, value: totals.get(w.t) ?? w.v, key: w.key }));
}

/** A parsed-fields object as rows of (dotted path, text), for the expandable details of a sample. */
export function flattenFields(fields: Record<string, unknown>, prefix = ""): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(fields)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === undefined) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) out.push(...flattenFields(value as Record<string, unknown>, path));
    else if (typeof value === "string") out.push([path, value]);
    else out.push([path, JSON.stringify(value)]);
  }
  return out;
}
