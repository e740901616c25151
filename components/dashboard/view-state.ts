// Everything the overview shows is decided by its URL: the time range (a preset relative to now,
// or a custom from/to), the filters and the chart toggles. Parsed the same way on the server (the
// page's searchParams) and in the browser, so a copied link reopens the same view.
import { CAUSE_IDS, type CauseId } from "@/lib/ingest/types";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/rollups/levels";


export const RANGE_PRESETS = [
  { key: "15m", label: "15m", title: "Last 15 minutes", ms: 15 * MINUTE_MS },
  { key: "1h", label: "1h", title: "Last hour", ms: HOUR_MS },
  { key: "6h", label: "6h", title: "Last 6 hours", ms: 6 * HOUR_MS },
  { key: "24h", label: "24h", title: "Last 24 hours", ms: DAY_MS },
  { key: "7d", label: "7d", title: "Last 7 days", ms: 7 * DAY_MS },
  { key: "30d", label: "30d", title: "Last 30 days", ms: 30 * DAY_MS },
] as const;
export type RangeKey = (typeof RANGE_PRESETS)[number]["key"];
export const DEFAULT_RANGE: RangeKey = "6h";

/** The query API refuses longer ranges; a custom range is clamped to stay answerable. */
const MAX_SPAN_MS = 800 * DAY_MS;
/** Zooming stops at a few minutes: below that the minute rollups have nothing more to show. */
export const MIN_SPAN_MS = 2 * MINUTE_MS;

export const PERCENTILES = ["p50", "p95", "p99"] as const;
export type Percentile = (typeof PERCENTILES)[number];

export interface ViewState {
  /** A preset relative to now, or null for the custom from/to. */
  range: RangeKey | null;
  from: number | null;
  to: number | null;
  backend: string | null;
  cause: CauseId | null;
  /** A source id (ids survive renames, so copied links keep working). */
  source: string | null;
  /** The 5xx chart: share of requests, or responses per minute. */
  errors: "rate" | "count";
  /** The 5xx chart: every 5xx, or only 503s. */
  only503: boolean;
  /** The latency chart's percentile when it shows one line per backend. */
  percentile: Percentile;
  /** Re-read every 30 s (presets only: a fixed past range does not change); on unless the URL says `refresh=off`. */
  refresh: boolean;
  /**
   * The window of the 5xx samples list on a backend page (a chart bucket drilled into), or null
   * for the whole range. The overview itself never sets it: it links to the samples instead.
   */
  samples: TimeRange | null;
}

export const DEFAULT_VIEW: ViewState = {
  range: DEFAULT_RANGE,
  from: null,
  to: null,
  backend: null,
  cause: null,
  source: null,
  errors: "rate",
  only503: false,
  percentile: "p95",
  // On by default: an overview left open during an outage keeps up with it (every 30 s, not while
  // the tab is hidden); `refresh=off` in the URL turns it off.
  refresh: true,
  samples: null,
};

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function getParam(params: ParamSource, name: string): string | null {
  if (params instanceof URLSearchParams) return params.get(name);
  const v = params[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? null : first;
}

/** ISO-8601 or epoch milliseconds, as the query API accepts them. */
export function parseTime(raw: string | null): number | null {
  if (!raw) return null;
  const s = raw.trim();
  const ms = /^\d{9,}$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/** 2026-11-21T10:00:00Z: short, readable in a URL, and exact to the second. */
export function formatTimeParam(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

const nonEmpty = (s: string | null) => (s && s.trim() ? s.trim() : null);
const isRangeKey = (s: string | null): s is RangeKey => RANGE_PRESETS.some((p) => p.key === s);
const isCause = (s: string | null): s is CauseId => (CAUSE_IDS as readonly (string | null)[]).includes(s);
const isPercentile = (s: string | null): s is Percentile => (PERCENTILES as readonly (string | null)[]).includes(s);

/** Whatever the URL holds, a valid view: unknown or broken values fall back to the defaults. */
export function parseView(params: ParamSource): ViewState {
  const from = parseTime(getParam(params, "from"));
  const to = parseTime(getParam(params, "to"));
  const custom = from !== null && to !== null && to > from;
  const rangeParam = getParam(params, "range");
  const cause = getParam(params, "cause");
  const p = getParam(params, "p");
  const samplesFrom = parseTime(getParam(params, "samplesFrom"));
  const samplesTo = parseTime(getParam(params, "samplesTo"));
  return {
    range: custom ? null : isRangeKey(rangeParam) ? rangeParam : DEFAULT_RANGE,
    from: custom ? Math.max(from, to - MAX_SPAN_MS) : null,
    to: custom ? to : null,
    backend: nonEmpty(getParam(params, "backend")),
    cause: isCause(cause) ? cause : null,
    source: nonEmpty(getParam(params, "source")),
    errors: getParam(params, "errors") === "count" ? "count" : "rate",
    only503: getParam(params, "status") === "503",
    percentile: isPercentile(p) ? p : DEFAULT_VIEW.percentile,
    refresh: getParam(params, "refresh") !== "off",
    // A samples window is one chart bucket: a hand-edited one longer than any range is dropped.
    samples: samplesFrom !== null && samplesTo !== null && samplesTo > samplesFrom && samplesTo - samplesFrom <= MAX_SPAN_MS ? { fromMs: samplesFrom, toMs: samplesTo } : null,
  };
}

/** The query string for a view, defaults left out, in a stable order. */
export function viewToSearch(view: ViewState): string {
  const out = new URLSearchParams();
  if (view.range === null && view.from !== null && view.to !== null) {
    out.set("from", formatTimeParam(view.from));
    out.set("to", formatTimeParam(view.to));
  } else if (view.range && view.range !== DEFAULT_RANGE) {
    out.set("range", view.range);
  }
  if (view.source) out.set("source", view.source);
  if (view.backend) out.set("backend", view.backend);
  if (view.cause) out.set("cause", view.cause);
  if (view.errors !== "rate") out.set("errors", view.errors);
  if (view.only503) out.set("status", "503");
  if (view.percentile !== DEFAULT_VIEW.percentile) out.set("p", view.percentile);
  if (!view.refresh && view.range !== null) out.set("refresh", "off");
  if (view.samples) {
    out.set("samplesFrom", formatTimeParam(view.samples.fromMs));
    out.set("samplesTo", formatTimeParam(view.samples.toMs));
  }
  const s = out.toString();
  return s ? `?${s}` : "";
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export function presetOf(key: RangeKey) {
  return RANGE_PRESETS.find((p) => p.key === key)!;
}

/** The absolute range a view covers at `nowMs`. */
export function resolveRange(view: ViewState, nowMs: number): TimeRange {
  if (view.range === null && view.from !== null && view.to !== null) return { fromMs: view.from, toMs: view.to };
  return { fromMs: nowMs - presetOf(view.range ?? DEFAULT_RANGE).ms, toMs: nowMs };
}

/** A custom range from a brushed selection, never narrower than MIN_SPAN_MS. */
export function zoomView(view: ViewState, fromMs: number, toMs: number): ViewState {
  const lo = Math.min(fromMs, toMs);
  const hi = Math.max(fromMs, toMs);
  const mid = (lo + hi) / 2;
  const span = Math.max(hi - lo, MIN_SPAN_MS);
  return { ...view, range: null, from: Math.round(mid - span / 2), to: Math.round(mid + span / 2), refresh: false, samples: null };
}
