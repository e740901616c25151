// The reads the charts and the query API use. They read rollups only, never raw lines: minute
// rows for ranges up to two days within the minute retention, hour rows beyond (and, for
// summaries, for the whole hours inside any range), day rows for the whole days of summaries
// and for steps of whole days. The SQL and its cache of sealed buckets are
// in lib/rollups/grouped-rows.ts; answers are the same with or without the cache.
import type { SqlQueryable } from "@/lib/db/sql";
import { partRows, summaryRows, summarySpans, type Filter, type Part, type Resolution } from "@/lib/rollups/grouped-rows";
import { HISTOGRAM_LENGTH, quantile } from "@/lib/rollups/histogram";
import { addCounts, toDense, type SparseCounts } from "@/lib/rollups/sparse";
import type { SeriesAnswer, SeriesQuery, SummaryAnswer, SummaryQuery } from "@/lib/rollups/schemas";
import { DEFAULT_RETENTION } from "@/lib/rollups/retention-policy";

export type { Resolution } from "@/lib/rollups/grouped-rows";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const TWO_DAYS_MS = 2 * 86_400_000;

export function chooseResolution(fromMs: number, toMs: number, nowMs: number, stepMs?: number): Resolution {
  if (fromMs < nowMs - DEFAULT_RETENTION.minuteDays * 86_400_000) return "hour";
  if (toMs - fromMs > TWO_DAYS_MS) return "hour";
  if (stepMs !== undefined && stepMs % HOUR_MS === 0 && toMs - fromMs > 6 * HOUR_MS) return "hour";
  return "minute";
}

/** Range edges snapped to the rollup's buckets: [from, to) covers every bucket touching it. */
function snap(fromMs: number, toMs: number, res: Resolution): [number, number] {
  const size = res === "hour" ? HOUR_MS : MINUTE_MS;
  return [Math.floor(fromMs / size) * size, Math.ceil(toMs / size) * size];
}

type Latency = { p50: number | null; p95: number | null; p99: number | null };
const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
function latencyOf(hist: SparseCounts): Latency {
  const dense = toDense(hist);
  return { p50: round(quantile(dense, 0.5)), p95: round(quantile(dense, 0.95)), p99: round(quantile(dense, 0.99)) };
}

export async function summary(q: SqlQueryable, query: SummaryQuery & { sourceId?: string }, nowMs = Date.now()): Promise<SummaryAnswer> {
  const res = chooseResolution(query.from, query.to, nowMs);
  const [fromMs, toMs] = snap(query.from, query.to, res);
  const byBackend: Record<string, { total: number; byStatus: SparseCounts; byCause: SparseCounts; hist: SparseCounts }> = {};
  const sink = (_t: number, backend: string, k: string, v: number) => {
    const b = (byBackend[backend] ??= { total: 0, byStatus: {}, byCause: {}, hist: {} });
    const m = k.charAt(0);
    if (m === "t") b.total += v;
    else {
      const map = m === "s" ? b.byStatus : m === "c" ? b.byCause : b.hist;
      const key = k.slice(1);
      map[key] = (map[key] ?? 0) + v;
    }
  };
  for (const span of summarySpans(fromMs, toMs)) {
    await summaryRows(q, span.table, { fromMs: span.fromMs, toMs: span.toMs, sourceId: query.sourceId, backend: query.backend }, nowMs, sink);
  }
  const all = { total: 0, byStatus: {} as SparseCounts, byCause: {} as SparseCounts, hist: {} as SparseCounts };
  const out: SummaryAnswer["byBackend"] = {};
  for (const [name, b] of Object.entries(byBackend).sort(([a], [c]) => a.localeCompare(c))) {
    all.total += b.total;
    addCounts(all.byStatus, b.byStatus);
    addCounts(all.byCause, b.byCause);
    addCounts(all.hist, b.hist);
    out[name] = { total: b.total, byStatus: b.byStatus, byCause: b.byCause, latency: latencyOf(b.hist) };
  }
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    resolution: res,
    total: all.total,
    byStatus: all.byStatus,
    byCause: all.byCause,
    latency: latencyOf(all.hist),
    byBackend: out,
  };
}

/** About 240 points across the range, in whole minutes (or hours on the hourly table). */
export function autoStep(fromMs: number, toMs: number, res: Resolution): number {
  const unit = res === "hour" ? HOUR_MS : MINUTE_MS;
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE_MS).filter((s) => s % unit === 0);
  return nice.find((s) => (toMs - fromMs) / s <= 240) ?? nice[nice.length - 1]!;
}

const UNITS: Record<SeriesQuery["metric"], string> = {
  requests: "requests",
  errors: "responses",
  errors_503: "responses",
  error_rate: "ratio",
  rate_503: "ratio",
  latency_p50: "ms",
  latency_p95: "ms",
  latency_p99: "ms",
};

export async function series(q: SqlQueryable, query: SeriesQuery & { sourceId?: string }, nowMs = Date.now()): Promise<SeriesAnswer> {
  const res = chooseResolution(query.from, query.to, nowMs, query.step);
  const [fromMs0, toMs0] = snap(query.from, query.to, res);
  const stepMs = query.step && query.step % (res === "hour" ? HOUR_MS : MINUTE_MS) === 0 ? query.step : autoStep(fromMs0, toMs0, res);
  const fromMs = Math.floor(fromMs0 / stepMs) * stepMs;
  const toMs = Math.ceil(toMs0 / stepMs) * stepMs;
  const f: Filter = { fromMs, toMs, sourceId: query.sourceId, backend: query.backend };
  const byBackend = query.groupBy === "backend";
  const { metric, groupBy } = query;
  let omitted = 0;

  // key -> time -> value
  const numer = new Map<string, Map<number, number>>();
  const add = (m: Map<string, Map<number, number>>, key: string, t: number, v: number) => {
    let s = m.get(key);
    if (!s) m.set(key, (s = new Map()));
    s.set(t, (s.get(t) ?? 0) + v);
  };
  const groupOf = (g: string) => (byBackend ? g : "all");
  const rows = (part: Part, grouped: boolean, sink: (t: number, g: string, k: string, v: number) => void) =>
    partRows(q, res, f, stepMs, part, grouped, nowMs, sink);

  if (metric.startsWith("latency")) {
    const q0 = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 }[metric as "latency_p50"];
    // Dense from the start: a histogram per (group, bucket), filled straight from the rows.
    const hists = new Map<string, Map<number, Float64Array>>();
    await rows("hist", byBackend, (t, g, k, v) => {
      const key = groupOf(g);
      let s = hists.get(key);
      if (!s) hists.set(key, (s = new Map()));
      let h = s.get(t);
      if (!h) s.set(t, (h = new Float64Array(HISTOGRAM_LENGTH)));
      const i = Number(k);
      if (Number.isInteger(i) && i >= 0 && i < HISTOGRAM_LENGTH) h[i] += v;
    });
    // Weight: the requests behind the latency (the histograms' counts).
    const kept = busiest(hists, (s) => {
      let n = 0;
      for (const h of s.values()) for (let i = 0; i < h.length; i++) n += h[i]!;
      return n;
    });
    const out = [...kept.entries()].map(([key, s]) => ({
      key,
      points: fill(fromMs, toMs, stepMs, (t) => {
        const h = s.get(t);
        return h ? round(quantile(h, q0)) : null;
      }),
    }));
    return answer(out);
  }

  const isRate = metric === "error_rate" || metric === "rate_503";
  const countPart: Part = metric === "requests" ? "requests" : metric === "errors_503" || metric === "rate_503" ? "errors_503" : "errors_5xx";
  if (groupBy === "cause") {
    await rows("cause", false, (t, _g, k, v) => add(numer, k, t, v));
  } else if (groupBy === "status_class") {
    await rows("status", false, (t, _g, k, v) => {
      if (metric === "requests" || k.startsWith("5")) add(numer, `${k.charAt(0)}xx`, t, v);
    });
  } else {
    await rows(countPart, byBackend, (t, g, _k, v) => add(numer, groupOf(g), t, v));
  }

  const total = (s: Map<number, number>) => {
    let n = 0;
    for (const v of s.values()) n += v;
    return n;
  };
  let out: SeriesAnswer["series"];
  if (!isRate) {
    out = [...busiest(numer, total).entries()].map(([key, s]) => ({ key, points: fill(fromMs, toMs, stepMs, (t) => s.get(t) ?? 0) }));
  } else {
    // Rates divide by all requests of the same backend (or of everything, when stacking causes
    // or classes, so the stacked parts add up to the overall rate).
    const denom = new Map<string, Map<number, number>>();
    await rows("requests", byBackend, (t, g, _k, v) => add(denom, groupOf(g), t, v));
    const ranked = busiest(denom, total);
    out = [...numer.entries()].filter(([key]) => !byBackend || ranked.has(key)).map(([key, s]) => {
      const d = denom.get(byBackend ? key : "all");
      return {
        key,
        points: fill(fromMs, toMs, stepMs, (t) => {
          const total = d?.get(t) ?? 0;
          return total > 0 ? Math.round(((s.get(t) ?? 0) / total) * 1e6) / 1e6 : null;
        }),
      };
    });
  }
  return answer(out);

  /**
   * With `top` (groupBy=backend): the N groups of greatest weight, the rest counted in `omitted`.
   * Ties go to the name, so the same data always keeps the same groups.
   */
  function busiest<V>(groups: Map<string, V>, weight: (v: V) => number): Map<string, V> {
    if (query.top === undefined || !byBackend || groups.size <= query.top) return groups;
    const ranked = [...groups.entries()].map(([key, v]) => ({ key, v, w: weight(v) })).sort((a, b) => b.w - a.w || a.key.localeCompare(b.key));
    omitted = ranked.length - query.top;
    return new Map(ranked.slice(0, query.top).map((r) => [r.key, r.v]));
  }

  function answer(list: SeriesAnswer["series"]): SeriesAnswer {
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      stepMs,
      metric,
      groupBy,
      resolution: res,
      unit: UNITS[metric],
      series: list.sort((a, b) => a.key.localeCompare(b.key)),
      ...(query.top !== undefined ? { omitted } : {}),
    };
  }
}

function fill(fromMs: number, toMs: number, stepMs: number, value: (t: number) => number | null): [number, number | null][] {
  const points: [number, number | null][] = [];
  for (let t = fromMs; t < toMs; t += stepMs) points.push([t, value(t)]);
  return points;
}
