// The reads the charts and the query API use. They read rollups only, never raw lines: minute
// rows for ranges up to two days within the minute retention, hour rows beyond (and, for
// summaries, for the whole hours inside any range), day rows for the whole days of summaries
// and for steps of whole days. The SQL and its cache of sealed buckets are
// in lib/rollups/grouped-rows.ts; answers are the same with or without the cache.
import type { SqlQueryable } from "@/lib/db/sql";
import { summaryRows, summarySpans, type Filter } from "@/lib/rollups/grouped-rows";
import { quantile } from "@/lib/rollups/histogram";
import { FAMILIES } from "@/lib/rollups/series-families";
import { addCounts, toDense, type SparseCounts } from "@/lib/rollups/sparse";
import type { SeriesAnswer, SeriesQuery, SummaryAnswer, SummaryQuery } from "@/lib/rollups/schemas";
import { retentionConfig } from "@/lib/config/env";
import { DAY_MS, HOUR_MS, LEVELS, MINUTE_MS, minutesKeptSince, type Resolution } from "@/lib/rollups/levels";

export type { Resolution } from "@/lib/rollups/levels";

const TWO_DAYS_MS = 2 * DAY_MS;

/** The minute retention is read per call (RETENTION_MINUTE_DAYS), not fixed when this module loads. */
export function chooseResolution(fromMs: number, toMs: number, nowMs: number, stepMs?: number, policy = retentionConfig()): Resolution {
  if (!minutesKeptSince(fromMs, nowMs, policy)) return "hour";
  if (toMs - fromMs > TWO_DAYS_MS) return "hour";
  if (stepMs !== undefined && stepMs % HOUR_MS === 0 && toMs - fromMs > 6 * HOUR_MS) return "hour";
  return "minute";
}

/** Range edges snapped to the rollup's buckets: [from, to) covers every bucket touching it. */
function snap(fromMs: number, toMs: number, res: Resolution): [number, number] {
  const size = LEVELS[res].sizeMs;
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
  // The spans are disjoint and their counts add up in any order: read them side by side.
  await Promise.all(
    summarySpans(fromMs, toMs).map((span) =>
      summaryRows(q, span.table, { fromMs: span.fromMs, toMs: span.toMs, sourceId: query.sourceId, backend: query.backend }, nowMs, sink),
    ),
  );
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
  const unit = LEVELS[res].sizeMs;
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE_MS).filter((s) => s % unit === 0);
  return nice.find((s) => (toMs - fromMs) / s <= 240) ?? nice[nice.length - 1]!;
}

export async function series(q: SqlQueryable, query: SeriesQuery & { sourceId?: string }, nowMs = Date.now()): Promise<SeriesAnswer> {
  const res = chooseResolution(query.from, query.to, nowMs, query.step);
  const [fromMs0, toMs0] = snap(query.from, query.to, res);
  const stepMs = query.step && query.step % LEVELS[res].sizeMs === 0 ? query.step : autoStep(fromMs0, toMs0, res);
  const fromMs = Math.floor(fromMs0 / stepMs) * stepMs;
  const toMs = Math.ceil(toMs0 / stepMs) * stepMs;
  const { metric, groupBy, top } = query;
  const family = FAMILIES[metric];
  const f: Filter = { fromMs, toMs, sourceId: query.sourceId, backend: query.backend };
  const { lines, omitted } = await family.read({ q, res, f, stepMs, nowMs, metric, groupBy, top });
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    stepMs,
    metric,
    groupBy,
    resolution: res,
    unit: family.unit,
    series: lines.sort((a, b) => a.key.localeCompare(b.key)),
    ...(top !== undefined ? { omitted } : {}),
  };
}
