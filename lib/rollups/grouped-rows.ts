// The grouped SQL reads behind summary() and series(), and their way through the sealed-bucket
// cache (lib/rollups/bucket-cache.ts). Every read yields rows of (bucket start, group, key, value).
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { readThroughCache, sealedBefore, type Row, type RowSink, type SealedRead } from "@/lib/rollups/bucket-cache";

export type Resolution = "minute" | "hour";
export type Part = "requests" | "errors_5xx" | "errors_503" | "status" | "cause" | "hist";

export interface Filter {
  fromMs: number;
  toMs: number;
  sourceId?: string;
  backend?: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Summaries over months merge cached 16-day blocks, then days, then hours live. */
const BLOCK_MS = 16 * DAY_MS;

function where(f: Filter, first: number): { sql: string; params: unknown[] } {
  return {
    sql: `bucket >= to_timestamp($${first}::float8 / 1000) AND bucket < to_timestamp($${first + 1}::float8 / 1000)
          AND ($${first + 2}::text IS NULL OR source_id = $${first + 2}) AND ($${first + 3}::text IS NULL OR backend = $${first + 3})`,
    params: [f.fromMs, f.toMs, f.sourceId ?? null, f.backend ?? null],
  };
}

// date_part answers float8 (extract answers numeric, several times slower); buckets are whole
// minutes, so epoch milliseconds are exact integers in a float8.
const BUCKET_OF = `floor(date_part('epoch', bucket) * 1000 / $1::float8) * $1::float8`;

/**
 * JIT compilation is on by default in PostgreSQL, and these aggregates' row estimates (jsonb_each
 * guesses 100 keys a row) pass its cost threshold: it then spends hundreds of milliseconds in
 * LLVM to save a few. The reads run in a transaction with it off.
 */
async function query(q: SqlQueryable, sql: string, params: unknown[]): Promise<Row[]> {
  if (!("transaction" in q)) return q.query<Row>(sql, params);
  return (q as SqlExecutor).transaction(async (tx) => {
    await tx.exec("SET LOCAL jit = off");
    return tx.query<Row>(sql, params);
  });
}

const feed = (rows: Row[], sink: RowSink) => {
  for (const r of rows) sink(Number(r.t), r.g, r.k, Number(r.v));
};

const filterKey = (f: Filter) => `${f.sourceId ?? ""}\n${f.backend ?? ""}`;

// ---- summary: per backend, k = "t" (requests), "s<status>", "c<cause>" or "h<histogram index>"

function summarySql(q: SqlQueryable, table: Resolution, f: Filter, stepMs: number): Promise<Row[]> {
  const w = where(f, 2);
  return query(
    q,
    `WITH r AS (SELECT ${BUCKET_OF} AS t, backend, requests, status_counts, cause_counts, latency_hist FROM rollup_${table} WHERE ${w.sql})
     SELECT t, backend AS g, 't' AS k, sum(requests)::float8 AS v FROM r GROUP BY 1, 2
     UNION ALL SELECT t, backend, 's' || e.key, sum(e.value::float8) FROM r, jsonb_each_text(r.status_counts) e GROUP BY 1, 2, 3
     UNION ALL SELECT t, backend, 'c' || e.key, sum(e.value::float8) FROM r, jsonb_each_text(r.cause_counts) e GROUP BY 1, 2, 3
     UNION ALL SELECT t, backend, 'h' || e.key, sum(e.value::float8) FROM r, jsonb_each_text(r.latency_hist) e GROUP BY 1, 2, 3`,
    [stepMs, ...w.params],
  );
}

/**
 * Summary rows of one table over [f.fromMs, f.toMs). Sealed buckets are cached at several sizes,
 * coarse inside, finer towards the edges: minute rows by minute; hour rows by 16-day block, then
 * by day, then by hour; only the open end (and what the triggers may still see written) is live.
 */
export async function summaryRows(q: SqlQueryable, table: Resolution, f: Filter, nowMs: number, sink: RowSink): Promise<void> {
  const live = async (fromMs: number, toMs: number, s: RowSink) => feed(await summarySql(q, table, { ...f, fromMs, toMs }, DAY_MS), s);
  const sealedBeforeMs = sealedBefore(table, nowMs);
  const sizes = table === "minute" ? [MINUTE_MS] : [BLOCK_MS, DAY_MS, HOUR_MS];
  const level = (i: number): SealedRead["readRest"] =>
    i === sizes.length
      ? live
      : (fromMs, toMs, s) =>
          readThroughCache(
            q,
            {
              key: `summary ${table} ${sizes[i]}\n${filterKey(f)}`,
              fromMs,
              toMs,
              stepMs: sizes[i]!,
              sealedBeforeMs,
              readBuckets: (a, b) => summarySql(q, table, { ...f, fromMs: a, toMs: b }, sizes[i]!),
              readRest: level(i + 1),
            },
            s,
          );
  return level(0)(f.fromMs, f.toMs, sink);
}

/**
 * Where a summary reads: hour rows for the whole hours inside a minute-resolution range, minute
 * rows only for its ragged ends. Hour rows are written with their minutes, in the same
 * transaction (lib/rollups/write.ts), so the totals are the same, from up to 60x fewer rows.
 */
export function summarySpans(fromMs: number, toMs: number, res: Resolution): Array<{ table: Resolution; fromMs: number; toMs: number }> {
  if (res === "hour") return [{ table: "hour", fromMs, toMs }];
  const firstHour = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(toMs / HOUR_MS) * HOUR_MS;
  if (lastHour <= firstHour) return [{ table: "minute", fromMs, toMs }];
  return [
    { table: "minute" as const, fromMs, toMs: firstHour },
    { table: "hour" as const, fromMs: firstHour, toMs: lastHour },
    { table: "minute" as const, fromMs: lastHour, toMs },
  ].filter((s) => s.toMs > s.fromMs);
}

// ---- series: one counter or map per step bucket, grouped by nothing ('') or backend

const MAPS = { status: "status_counts", cause: "cause_counts", hist: "latency_hist" } as const;

function partSql(q: SqlQueryable, res: Resolution, f: Filter, stepMs: number, part: Part, byBackend: boolean): Promise<Row[]> {
  const w = where(f, 2);
  const g = byBackend ? "backend" : "''";
  const sql =
    part === "requests" || part === "errors_5xx" || part === "errors_503"
      ? `SELECT ${BUCKET_OF} AS t, ${g} AS g, '' AS k, sum(${part})::float8 AS v FROM rollup_${res} WHERE ${w.sql} GROUP BY 1, 2`
      : `SELECT ${BUCKET_OF} AS t, ${g} AS g, e.key AS k, sum(e.value::float8) AS v FROM rollup_${res}, jsonb_each_text(${MAPS[part]}) e
         WHERE ${w.sql} GROUP BY 1, 2, 3`;
  return query(q, sql, [stepMs, ...w.params]);
}

/** Rows of (step bucket, group, key, value) for one counter or map; sealed buckets cached. */
export function partRows(q: SqlQueryable, res: Resolution, f: Filter, stepMs: number, part: Part, byBackend: boolean, nowMs: number, sink: RowSink): Promise<void> {
  return readThroughCache(
    q,
    {
      key: `series ${res} ${part} ${byBackend ? "backend" : "none"} ${stepMs}\n${filterKey(f)}`,
      fromMs: f.fromMs,
      toMs: f.toMs,
      stepMs,
      sealedBeforeMs: sealedBefore(res, nowMs),
      readBuckets: (a, b) => partSql(q, res, { ...f, fromMs: a, toMs: b }, stepMs, part, byBackend),
      readRest: async (a, b, s) => feed(await partSql(q, res, { ...f, fromMs: a, toMs: b }, stepMs, part, byBackend), s),
    },
    sink,
  );
}
