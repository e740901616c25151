// The reads the charts and the query API use. They read rollups only, never raw lines: minute
// rows for ranges up to two days within the minute retention, hour rows beyond.
import type { SqlQueryable } from "@/lib/db/sql";
import { quantile } from "@/lib/rollups/histogram";
import { addCounts, toDense, type SparseCounts } from "@/lib/rollups/sparse";
import type { SeriesAnswer, SeriesQuery, SummaryAnswer, SummaryQuery } from "@/lib/rollups/schemas";
import { DEFAULT_RETENTION } from "@/lib/rollups/retention-policy";

export type Resolution = "minute" | "hour";
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

interface Filter {
  fromMs: number;
  toMs: number;
  sourceId?: string;
  backend?: string;
}

function where(f: Filter, first = 1): { sql: string; params: unknown[] } {
  return {
    sql: `bucket >= to_timestamp($${first}::float8 / 1000) AND bucket < to_timestamp($${first + 1}::float8 / 1000)
          AND ($${first + 2}::text IS NULL OR source_id = $${first + 2}) AND ($${first + 3}::text IS NULL OR backend = $${first + 3})`,
    params: [f.fromMs, f.toMs, f.sourceId ?? null, f.backend ?? null],
  };
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
  const w = where({ fromMs, toMs, sourceId: query.sourceId, backend: query.backend });
  const rows = await q.query<{ backend: string; m: string; k: string; v: number }>(
    `WITH r AS (SELECT backend, requests, status_counts, cause_counts, latency_hist FROM rollup_${res} WHERE ${w.sql})
     SELECT backend, 't' AS m, '' AS k, sum(requests)::float8 AS v FROM r GROUP BY backend
     UNION ALL SELECT backend, 's', e.key, sum(e.value::float8) FROM r, jsonb_each_text(r.status_counts) e GROUP BY backend, e.key
     UNION ALL SELECT backend, 'c', e.key, sum(e.value::float8) FROM r, jsonb_each_text(r.cause_counts) e GROUP BY backend, e.key
     UNION ALL SELECT backend, 'h', e.key, sum(e.value::float8) FROM r, jsonb_each_text(r.latency_hist) e GROUP BY backend, e.key`,
    w.params,
  );
  const byBackend: Record<string, { total: number; byStatus: SparseCounts; byCause: SparseCounts; hist: SparseCounts }> = {};
  for (const r of rows) {
    const b = (byBackend[r.backend] ??= { total: 0, byStatus: {}, byCause: {}, hist: {} });
    const v = Number(r.v);
    if (r.m === "t") b.total += v;
    else if (r.m === "s") b.byStatus[r.k] = v;
    else if (r.m === "c") b.byCause[r.k] = v;
    else b.hist[r.k] = v;
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

type Part = "requests" | "errors_5xx" | "errors_503" | "status" | "cause" | "hist";

/** Rows of (time bucket, group key, value) for one counter or map, grouped by none or backend. */
async function partRows(q: SqlQueryable, res: Resolution, f: Filter, stepMs: number, part: Part, byBackend: boolean) {
  const w = where(f, 2);
  const g = byBackend ? "backend" : "''";
  const t = `(floor(extract(epoch FROM bucket) * 1000 / $1) * $1)::float8`;
  const map = { status: "status_counts", cause: "cause_counts", hist: "latency_hist" } as const;
  const sql =
    part === "requests" || part === "errors_5xx" || part === "errors_503"
      ? `SELECT ${t} AS t, ${g} AS g, '' AS k, sum(${part})::float8 AS v FROM rollup_${res} WHERE ${w.sql} GROUP BY 1, 2`
      : `SELECT ${t} AS t, ${g} AS g, e.key AS k, sum(e.value::float8) AS v FROM rollup_${res}, jsonb_each_text(${map[part]}) e
         WHERE ${w.sql} GROUP BY 1, 2, 3`;
  return q.query<{ t: number; g: string; k: string; v: number }>(sql, [stepMs, ...w.params]);
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

  // key -> time -> value
  const numer = new Map<string, Map<number, number>>();
  const add = (m: Map<string, Map<number, number>>, key: string, t: number, v: number) => {
    let s = m.get(key);
    if (!s) m.set(key, (s = new Map()));
    s.set(t, (s.get(t) ?? 0) + v);
  };
  const keyOf = (r: { g: string; k: string }, kind: "group" | "cause" | "class") =>
    kind === "cause" ? r.k : kind === "class" ? `${r.k.charAt(0)}xx` : byBackend ? r.g : "all";

  if (metric.startsWith("latency")) {
    const q0 = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 }[metric as "latency_p50"];
    const hists = new Map<string, Map<number, SparseCounts>>();
    for (const r of await partRows(q, res, f, stepMs, "hist", byBackend)) {
      const key = keyOf(r, "group");
      let s = hists.get(key);
      if (!s) hists.set(key, (s = new Map()));
      const h = s.get(Number(r.t)) ?? {};
      h[r.k] = (h[r.k] ?? 0) + Number(r.v);
      s.set(Number(r.t), h);
    }
    const out = [...hists.entries()].map(([key, s]) => ({
      key,
      points: fill(fromMs, toMs, stepMs, (t) => (s.has(t) ? round(quantile(toDense(s.get(t)), q0)) : null)),
    }));
    return answer(out);
  }

  const isRate = metric === "error_rate" || metric === "rate_503";
  const countPart: Part = metric === "requests" ? "requests" : metric === "errors_503" || metric === "rate_503" ? "errors_503" : "errors_5xx";
  if (groupBy === "cause") {
    for (const r of await partRows(q, res, f, stepMs, "cause", false)) add(numer, keyOf(r, "cause"), Number(r.t), Number(r.v));
  } else if (groupBy === "status_class") {
    for (const r of await partRows(q, res, f, stepMs, "status", false)) {
      if (metric === "requests" || r.k.startsWith("5")) add(numer, keyOf(r, "class"), Number(r.t), Number(r.v));
    }
  } else {
    for (const r of await partRows(q, res, f, stepMs, countPart, byBackend)) add(numer, keyOf(r, "group"), Number(r.t), Number(r.v));
  }

  let out: SeriesAnswer["series"];
  if (!isRate) {
    out = [...numer.entries()].map(([key, s]) => ({ key, points: fill(fromMs, toMs, stepMs, (t) => s.get(t) ?? 0) }));
  } else {
    // Rates divide by all requests of the same backend (or of everything, when stacking causes
    // or classes, so the stacked parts add up to the overall rate).
    const denom = new Map<string, Map<number, number>>();
    for (const r of await partRows(q, res, f, stepMs, "requests", byBackend)) add(denom, keyOf(r, "group"), Number(r.t), Number(r.v));
    out = [...numer.entries()].map(([key, s]) => {
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
    };
  }
}

function fill(fromMs: number, toMs: number, stepMs: number, value: (t: number) => number | null): [number, number | null][] {
  const points: [number, number | null][] = [];
  for (let t = fromMs; t < toMs; t += stepMs) points.push([t, value(t)]);
  return points;
}
