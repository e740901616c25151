// The chart series, one small function per metric family. A family reads the grouped rows it needs
// and turns them into lines; `series()` (lib/rollups/queries.ts) snaps the range, picks the step
// and sorts. A new metric = a family function here (or an existing one) + its entry in FAMILIES.
import { ORIGIN_FETCH_HANDLINGS } from "@/lib/rollups/cache-collapse";
import { partRows, type Filter, type Part } from "@/lib/rollups/grouped-rows";
import { HISTOGRAM_LENGTH, quantile } from "@/lib/rollups/histogram";
import { FAILED_BEFORE_ORIGIN, FAILURE_DOMINATED_SHARE } from "@/lib/rollups/origin-answers";
import type { Resolution } from "@/lib/rollups/levels";
import type { SqlQueryable } from "@/lib/db/sql";
import type { SeriesAnswer, SeriesQuery } from "@/lib/rollups/schemas";

type Metric = SeriesQuery["metric"];
type Line = SeriesAnswer["series"][number];
type Groups<V> = Map<string, Map<number, V>>;

/** One series read: the snapped range and step, and how lines are grouped. */
export interface SeriesRead {
  q: SqlQueryable;
  res: Resolution;
  f: Filter;
  stepMs: number;
  nowMs: number;
  metric: Metric;
  groupBy: SeriesQuery["groupBy"];
  top?: number;
}

export interface FamilyAnswer {
  lines: Line[];
  /** Groups left out by `top`. */
  omitted: number;
}

const round = (v: number) => Math.round(v * 100) / 100;
const byBackend = (r: SeriesRead) => r.groupBy === "backend";
const groupOf = (r: SeriesRead, g: string) => (byBackend(r) ? g : "all");
const rows = (r: SeriesRead, part: Part, grouped: boolean, sink: (t: number, g: string, k: string, v: number) => void) =>
  partRows(r.q, r.res, r.f, r.stepMs, part, grouped, r.nowMs, sink);

function add(m: Groups<number>, key: string, t: number, v: number): void {
  let s = m.get(key);
  if (!s) m.set(key, (s = new Map()));
  s.set(t, (s.get(t) ?? 0) + v);
}

function total(s: Map<number, number>): number {
  let n = 0;
  for (const v of s.values()) n += v;
  return n;
}

function fill(r: SeriesRead, value: (t: number) => number | null): [number, number | null][] {
  const points: [number, number | null][] = [];
  for (let t = r.f.fromMs; t < r.f.toMs; t += r.stepMs) points.push([t, value(t)]);
  return points;
}

/**
 * With `top` (groupBy=backend): the N groups of greatest weight, the rest counted as omitted.
 * Ties go to the name, so the same data always keeps the same groups.
 */
function busiest<V>(r: SeriesRead, groups: Map<string, V>, weight: (v: V) => number): { kept: Map<string, V>; omitted: number } {
  if (r.top === undefined || !byBackend(r) || groups.size <= r.top) return { kept: groups, omitted: 0 };
  const ranked = [...groups.entries()].map(([key, v]) => ({ key, v, w: weight(v) })).sort((a, b) => b.w - a.w || a.key.localeCompare(b.key));
  return { kept: new Map(ranked.slice(0, r.top).map((x) => [x.key, x.v])), omitted: ranked.length - r.top };
}

/** The count a counting metric (or a rate's numerator) reads. */
const countPart = (metric: Metric): Part => (metric === "requests" ? "requests" : metric === "errors_503" || metric === "rate_503" ? "errors_503" : "errors_5xx");

/** The numerators by line: per cause, per status class, or the metric's count per group. */
async function numerators(r: SeriesRead): Promise<Groups<number>> {
  const numer: Groups<number> = new Map();
  if (r.groupBy === "cause") await rows(r, "cause", false, (t, _g, k, v) => add(numer, k, t, v));
  else if (r.groupBy === "status_class") {
    await rows(r, "status", false, (t, _g, k, v) => {
      if (r.metric === "requests" || k.startsWith("5")) add(numer, `${k.charAt(0)}xx`, t, v);
    });
  } else await rows(r, countPart(r.metric), byBackend(r), (t, g, _k, v) => add(numer, groupOf(r, g), t, v));
  return numer;
}

/** requests, errors, errors_503: counts per bucket. */
async function counts(r: SeriesRead): Promise<FamilyAnswer> {
  const { kept, omitted } = busiest(r, await numerators(r), total);
  return { lines: [...kept.entries()].map(([key, s]) => ({ key, points: fill(r, (t) => s.get(t) ?? 0) })), omitted };
}

/**
 * error_rate, rate_503: the count divided by all requests of the same backend (or of everything,
 * when stacking causes or classes, so the stacked parts add up to the overall rate).
 */
async function rates(r: SeriesRead): Promise<FamilyAnswer> {
  const numer = await numerators(r);
  const denom: Groups<number> = new Map();
  await rows(r, "requests", byBackend(r), (t, g, _k, v) => add(denom, groupOf(r, g), t, v));
  const { kept, omitted } = busiest(r, denom, total);
  const lines = [...numer.entries()].filter(([key]) => !byBackend(r) || kept.has(key)).map(([key, s]) => {
    const d = denom.get(byBackend(r) ? key : "all");
    return {
      key,
      points: fill(r, (t) => {
        const all = d?.get(t) ?? 0;
        return all > 0 ? Math.round(((s.get(t) ?? 0) / all) * 1e6) / 1e6 : null;
      }),
    };
  });
  return { lines, omitted };
}

/** Adds the rows' latency histograms per (group, bucket) into `into`. */
async function histograms(r: SeriesRead, into: Groups<Float64Array>): Promise<void> {
  await rows(r, "hist", byBackend(r), (t, g, k, v) => {
    const key = groupOf(r, g);
    let s = into.get(key);
    if (!s) into.set(key, (s = new Map()));
    let h = s.get(t);
    if (!h) s.set(t, (h = new Float64Array(HISTOGRAM_LENGTH)));
    const i = Number(k);
    if (Number.isInteger(i) && i >= 0 && i < HISTOGRAM_LENGTH) h[i] += v;
  });
}

/** One line per group: the quantile of each bucket's histogram, with the failure-dominated buckets marked. */
function quantileLines(r: SeriesRead, q: number, hists: Groups<Float64Array>, failing: Map<string, number[]>): Line[] {
  return [...hists.entries()].map(([key, s]) => ({
    key,
    points: fill(r, (t) => {
      const h = s.get(t);
      const v = h ? quantile(h, q) : null;
      return v === null ? null : round(v);
    }),
    failureDominated: failing.get(key) ?? [],
  }));
}

/**
 * With `top` over more backends than it keeps: which ones. They are ranked by their latency
 * counts, a column that holds each row's histogram total, so the ranking is the histograms' own
 * while the histograms themselves (most of a cold read) are read for the kept backends only.
 * Undefined when every backend that has a histogram is kept.
 */
async function keptBackends(r: SeriesRead): Promise<{ names: string[]; omitted: number } | undefined> {
  if (r.top === undefined || !byBackend(r)) return undefined;
  const weights = new Map<string, number>();
  await rows(r, "latency_count", true, (_t, g, _k, v) => weights.set(g, (weights.get(g) ?? 0) + v));
  for (const [g, w] of weights) if (!(w > 0)) weights.delete(g);
  if (weights.size <= r.top) return undefined;
  const { kept, omitted } = busiest(r, weights, (w) => w);
  return { names: [...kept.keys()], omitted };
}

/** latency_p50/p95/p99: a quantile of the merged histogram per bucket, weighted by its requests. */
const latency = (q: number) =>
  async function latencyQuantile(r: SeriesRead): Promise<FamilyAnswer> {
    const bounded = await keptBackends(r);
    if (bounded) {
      // Only the kept backends' rows: every one of them is a line, and nothing else can be.
      const only: SeriesRead = { ...r, f: { ...r.f, backends: bounded.names } };
      const hists: Groups<Float64Array> = new Map();
      const [failing] = await Promise.all([failureDominated(only), histograms(only, hists)]);
      return { lines: quantileLines(r, q, hists, failing), omitted: bounded.omitted };
    }
    // Dense from the start: a histogram per (group, bucket), filled straight from the rows.
    const hists: Groups<Float64Array> = new Map();
    await histograms(r, hists);
    const { kept, omitted } = busiest(r, hists, (s) => {
      let n = 0;
      for (const h of s.values()) for (let i = 0; i < h.length; i++) n += h[i]!;
      return n;
    });
    const failing = await failureDominated(r);
    const lines = quantileLines(r, q, kept, failing);
    // A group whose every request failed before reaching an origin has no histogram at all, but its
    // buckets are still marked: the chart says why the line has a gap instead of showing nothing.
    for (const [key, marks] of failing) {
      if (kept.has(key) || marks.length === 0) continue;
      if (r.top !== undefined && byBackend(r) && lines.length >= r.top) continue;
      lines.push({ key, points: fill(r, () => null), failureDominated: marks });
    }
    return { lines, omitted };
  };

/**
 * Per group, the buckets where more than half the requests failed before reaching an origin
 * (lib/rollups/origin-answers.ts): those requests are not in the latency histogram.
 */
async function failureDominated(r: SeriesRead): Promise<Map<string, number[]>> {
  const failed: Groups<number> = new Map();
  const requests: Groups<number> = new Map();
  await rows(r, "cause", byBackend(r), (t, g, k, v) => {
    if (FAILED_BEFORE_ORIGIN.has(k)) add(failed, groupOf(r, g), t, v);
  });
  if (failed.size === 0) return new Map();
  await rows(r, "requests", byBackend(r), (t, g, _k, v) => add(requests, groupOf(r, g), t, v));
  const out = new Map<string, number[]>();
  for (const [key, s] of failed) {
    const all = requests.get(key);
    const marks = [...s.entries()]
      .filter(([t, n]) => n > FAILURE_DOMINATED_SHARE * (all?.get(t) ?? 0))
      .map(([t]) => t)
      .sort((a, b) => a - b);
    out.set(key, marks);
  }
  return out;
}

/** hit_ratio, origin_fetches: the cache view, read from the handling counts. */
async function cache(r: SeriesRead): Promise<FamilyAnswer> {
  const hits: Groups<number> = new Map();
  const fetches: Groups<number> = new Map();
  await rows(r, "handling", byBackend(r), (t, g, k, v) => {
    if (k === "hit") add(hits, groupOf(r, g), t, v);
    else if (ORIGIN_FETCH_HANDLINGS.has(k)) add(fetches, groupOf(r, g), t, v);
  });
  if (r.metric === "origin_fetches") {
    const { kept, omitted } = busiest(r, fetches, total);
    return { lines: [...kept.entries()].map(([key, s]) => ({ key, points: fill(r, (t) => s.get(t) ?? 0) })), omitted };
  }
  // Hit ratio: hits / (hits + origin fetches), per step; null where nothing reported a cache status.
  const sum = (s: Map<number, number> | undefined) => (s ? total(s) : 0);
  const seen = new Map([...hits.keys(), ...fetches.keys()].map((key) => [key, sum(hits.get(key)) + sum(fetches.get(key))]));
  const { kept, omitted } = busiest(r, seen, (n) => n);
  const lines = [...kept.keys()].map((key) => ({
    key,
    points: fill(r, (t) => {
      const hit = hits.get(key)?.get(t) ?? 0;
      const all = hit + (fetches.get(key)?.get(t) ?? 0);
      return all > 0 ? Math.round((hit / all) * 1e6) / 1e6 : null;
    }),
  }));
  return { lines, omitted };
}

/** Each metric's family and unit: the one registry a new metric is added to. */
export const FAMILIES: Record<Metric, { unit: string; read: (r: SeriesRead) => Promise<FamilyAnswer> }> = {
  requests: { unit: "requests", read: counts },
  errors: { unit: "responses", read: counts },
  errors_503: { unit: "responses", read: counts },
  error_rate: { unit: "ratio", read: rates },
  rate_503: { unit: "ratio", read: rates },
  latency_p50: { unit: "ms", read: latency(0.5) },
  latency_p95: { unit: "ms", read: latency(0.95) },
  latency_p99: { unit: "ms", read: latency(0.99) },
  hit_ratio: { unit: "ratio", read: cache },
  origin_fetches: { unit: "fetches", read: cache },
};
