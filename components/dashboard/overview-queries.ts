// The reads behind the overview, as query-API paths. The server page answers them by calling the
// lib functions with these very URLs (first paint); the browser fetches the same paths to refresh.
// One list, so both always ask the same questions, and only for what is on screen.
import type { BackendView } from "@/lib/backends/schemas";
import type { EventView } from "@/lib/events/schemas";
import type { SeriesAnswer, SummaryAnswer } from "@/lib/rollups/schemas";
import type { SourceView } from "@/lib/sources/schemas";
import { MAX_BACKEND_LINES } from "@/components/charts/palette";
import { formatTimeParam, resolveRange, type Percentile, type TimeRange, type ViewState } from "@/components/dashboard/view-state";

const MINUTE_MS = 60_000;
/** "Now" in the headline: the last five complete minutes (the current one is still filling). */
export const NOW_WINDOW_MS = 5 * MINUTE_MS;

export interface LatencyQuery {
  /** The series' label: a percentile when one backend is shown, else the backends themselves. */
  percentile: Percentile;
  path: string;
}

export interface OverviewPaths {
  range: TimeRange;
  summary: string;
  /** Only for ranges relative to now. */
  summaryNow: string | null;
  errors: string;
  traffic: string;
  latency: LatencyQuery[];
  events: string;
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
  events: EventView[];
}

export function hasCharts(data: ControlsData): data is OverviewData {
  return "errors" in data;
}

export type SourceOption = Pick<SourceView, "id" | "name" | "kind">;

function path(base: string, params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return `${base}?${q.toString()}`;
}

export function overviewPaths(view: ViewState, nowMs: number): OverviewPaths {
  const range = resolveRange(view, nowMs);
  const from = formatTimeParam(range.fromMs);
  const to = formatTimeParam(range.toMs);
  const filters = { source: view.source, backend: view.backend };
  const series = (metric: string, groupBy: string) => path("/api/v1/series", { from, to, metric, groupBy, ...filters });

  let summaryNow: string | null = null;
  if (view.range !== null) {
    const end = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    summaryNow = path("/api/v1/summary", { from: formatTimeParam(end - NOW_WINDOW_MS), to: formatTimeParam(end), ...filters });
  }

  const errorsMetric = view.errors === "rate" ? (view.only503 ? "rate_503" : "error_rate") : view.only503 ? "errors_503" : "errors";
  // One backend: its p50, p95 and p99 together. Several: the chosen percentile, one line for each
  // of the busiest (the chart draws no more; the answer says how many it left out).
  const latency: LatencyQuery[] = view.backend
    ? (["p50", "p95", "p99"] as const).map((p) => ({ percentile: p, path: series(`latency_${p}`, "none") }))
    : [{ percentile: view.percentile, path: path("/api/v1/series", { from, to, metric: `latency_${view.percentile}`, groupBy: "backend", top: String(MAX_BACKEND_LINES), ...filters }) }];

  return {
    range,
    summary: path("/api/v1/summary", { from, to, ...filters }),
    summaryNow,
    // Rollups count causes over all 5xx, not per status: 503s are split by backend instead.
    errors: series(errorsMetric, view.only503 ? "backend" : "cause"),
    traffic: series("requests", "status_class"),
    latency,
    events: path("/api/v1/events", { from, to, backend: view.backend }),
  };
}
