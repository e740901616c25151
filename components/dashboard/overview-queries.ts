// The reads behind the overview, as typed queries (the query API's own zod inputs). The server's
// first paint hands them to the lib functions (app/(app)/load-overview.ts); the browser's refresh
// turns them into query-API paths (fetch-overview.ts). One list and one `readOverview`, so both
// always ask the same questions, and only for what is on screen.
import type { z } from "zod";
import type { BackendView } from "@/lib/backends/schemas";
import type { EventView, ListEventsQuery } from "@/lib/events/schemas";
import type { SeriesAnswer, SeriesQuery, SummaryAnswer, SummaryQuery } from "@/lib/rollups/schemas";
import type { SourceView } from "@/lib/sources/schemas";
import { MAX_BACKEND_LINES } from "@/components/charts/palette";
import { formatTimeParam, resolveRange, type Percentile, type TimeRange, type ViewState } from "@/components/dashboard/view-state";
import { MINUTE_MS } from "@/lib/rollups/levels";

/** "Now" in the headline: the last five complete minutes (the current one is still filling). */
export const NOW_WINDOW_MS = 5 * MINUTE_MS;

/** A query as the API takes it (strings, before zod parses them). */
export type SummaryParams = z.input<typeof SummaryQuery>;
export type SeriesParams = z.input<typeof SeriesQuery>;
export type EventsParams = z.input<typeof ListEventsQuery>;

export interface OverviewQueries {
  range: TimeRange;
  summary: SummaryParams;
  /** Only for ranges relative to now. */
  summaryNow: SummaryParams | null;
  errors: SeriesParams;
  traffic: SeriesParams;
  /** The series' label: a percentile when one backend is shown, else the backends themselves. */
  latency: Array<{ percentile: Percentile; query: SeriesParams }>;
  /** The cache view: hit ratio and origin fetches of everything the filters select. */
  hitRatio: SeriesParams;
  originFetches: SeriesParams;
  events: EventsParams;
}

/** The same queries as query-API paths: what the browser fetches (and the bench times). */
export interface OverviewPaths {
  range: TimeRange;
  summary: string;
  summaryNow: string | null;
  errors: string;
  traffic: string;
  latency: Array<{ percentile: Percentile; path: string }>;
  /** The cache view: hit ratio and origin fetches of everything the filters select. */
  hitRatio: string;
  originFetches: string;
  events: string;
}

/** How one side answers the queries: lib calls on the server, fetches in the browser. */
export interface OverviewReader {
  summary(q: SummaryParams): Promise<SummaryAnswer>;
  series(q: SeriesParams): Promise<SeriesAnswer>;
  events(q: EventsParams): Promise<EventView[]>;
  backends(): Promise<BackendView[]>;
}

/**
 * What a page with the overview's controls reads: the range, its summary (whose backends fill
 * the backend filter) and the backends. The samples page reads only this.
 */
export interface ControlsData {
  /** When it was read (epoch ms): the "now" of relative ranges. */
  readAt: number;
  range: TimeRange;
  summary: SummaryAnswer;
  backends: BackendView[];
}

/** And the charts: the overview and the backend pages. */
export interface OverviewData extends ControlsData {
  summaryNow: SummaryAnswer | null;
  errors: SeriesAnswer;
  traffic: SeriesAnswer;
  latency: Array<{ percentile: Percentile; answer: SeriesAnswer }>;
  cache: { hitRatio: SeriesAnswer; originFetches: SeriesAnswer };
  events: EventView[];
}

export function hasCharts(data: ControlsData): data is OverviewData {
  return "errors" in data;
}

export type SourceOption = Pick<SourceView, "id" | "name" | "kind">;

/** The API path of a query: empty values are left out, as the zod schemas treat them as absent. */
export function apiPath(base: string, params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return `${base}?${q.toString()}`;
}

/** Drops the filters that are not set, so a query holds only what the API would see. */
function defined<T extends Record<string, string | null | undefined>>(params: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v)) as { [K in keyof T]: Exclude<T[K], null> };
}

export function overviewQueries(view: ViewState, nowMs: number): OverviewQueries {
  const range = resolveRange(view, nowMs);
  const from = formatTimeParam(range.fromMs);
  const to = formatTimeParam(range.toMs);
  const filters = defined({ source: view.source, backend: view.backend });
  const series = (metric: SeriesQuery["metric"], groupBy: SeriesQuery["groupBy"]): SeriesParams => ({ from, to, metric, groupBy, ...filters });

  let summaryNow: SummaryParams | null = null;
  if (view.range !== null) {
    const end = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    summaryNow = { from: formatTimeParam(end - NOW_WINDOW_MS), to: formatTimeParam(end), ...filters };
  }

  const errorsMetric = view.errors === "rate" ? (view.only503 ? "rate_503" : "error_rate") : view.only503 ? "errors_503" : "errors";
  // One backend: its p50, p95 and p99 together. Several: the chosen percentile, one line for each
  // of the busiest (the chart draws no more; the answer says how many it left out).
  const latency: OverviewQueries["latency"] = view.backend
    ? (["p50", "p95", "p99"] as const).map((p) => ({ percentile: p, query: series(`latency_${p}`, "none") }))
    : [{ percentile: view.percentile, query: { from, to, metric: `latency_${view.percentile}`, groupBy: "backend", top: String(MAX_BACKEND_LINES), ...filters } }];

  return {
    range,
    summary: { from, to, ...filters },
    summaryNow,
    // Rollups count causes over all 5xx, not per status: 503s are split by backend instead.
    errors: series(errorsMetric, view.only503 ? "backend" : "cause"),
    traffic: series("requests", "status_class"),
    latency,
    hitRatio: series("hit_ratio", "none"),
    originFetches: series("origin_fetches", "none"),
    events: defined({ from, to, backend: view.backend }),
  };
}

const seriesPath = (q: SeriesParams) => apiPath("/api/v1/series", { ...q, top: q.top === undefined ? undefined : String(q.top) });

export function overviewPaths(view: ViewState, nowMs: number): OverviewPaths {
  const q = overviewQueries(view, nowMs);
  return {
    range: q.range,
    summary: apiPath("/api/v1/summary", q.summary),
    summaryNow: q.summaryNow ? apiPath("/api/v1/summary", q.summaryNow) : null,
    errors: seriesPath(q.errors),
    traffic: seriesPath(q.traffic),
    latency: q.latency.map((l) => ({ percentile: l.percentile, path: seriesPath(l.query) })),
    hitRatio: seriesPath(q.hitRatio),
    originFetches: seriesPath(q.originFetches),
    events: apiPath("/api/v1/events", q.events),
  };
}

/** Everything the overview shows, read through `reader`: the one list both sides read. */
export async function readOverview(reader: OverviewReader, view: ViewState, nowMs: number): Promise<OverviewData> {
  const q = overviewQueries(view, nowMs);
  const [summary, summaryNow, errors, traffic, latency, hitRatio, originFetches, events, backends] = await Promise.all([
    reader.summary(q.summary),
    q.summaryNow ? reader.summary(q.summaryNow) : Promise.resolve(null),
    reader.series(q.errors),
    reader.series(q.traffic),
    Promise.all(q.latency.map(async (l) => ({ percentile: l.percentile, answer: await reader.series(l.query) }))),
    reader.series(q.hitRatio),
    reader.series(q.originFetches),
    reader.events(q.events),
    reader.backends(),
  ]);
  return { readAt: nowMs, range: q.range, summary, summaryNow, errors, traffic, latency, cache: { hitRatio, originFetches }, events, backends };
}

/** A page with the controls but no charts (the samples page): the summary and the backends only. */
export async function readControls(reader: OverviewReader, view: ViewState, nowMs: number): Promise<ControlsData> {
  const q = overviewQueries(view, nowMs);
  const [summary, backends] = await Promise.all([reader.summary(q.summary), reader.backends()]);
  return { readAt: nowMs, range: q.range, summary, backends };
}
