// The grouped SQL reads behind summary() and series(), and their way through the sealed-bucket
// cache (lib/rollups/bucket-cache.ts). Every read yields rows of (bucket start, group, key, value).
import type { SqlQueryable } from "@/lib/db/sql";
import { DAY_MS, HOUR_MS, MINUTE_MS, type Resolution, type Table } from "@/lib/rollups/levels";
import { addCountsText, addHistogramText, forEachCount, newHistogramSum, type HistogramSum } from "@/lib/rollups/histogram-text";
import { readThroughCache, sealedBefore, type Row, type RowSink, type SealedRead } from "@/lib/rollups/bucket-cache";

export type { Table } from "@/lib/rollups/levels";
/** A counter column (summed), a map column (summed per key), or the latency histograms. */
export type Part = "requests" | "errors_5xx" | "errors_503" | "latency_count" | "status" | "cause" | "hist" | "handling";

export interface Filter {
  fromMs: number;
  toMs: number;
  sourceId?: string;
  backend?: string;
  /** Only these backends (a chart's busiest, chosen first): bounds what a grouped read fetches. */
  backends?: readonly string[];
}

/** Summaries over months merge cached 16-day blocks, then days, then hours live. */
const BLOCK_MS = 16 * DAY_MS;

function where(f: Filter, first: number): { sql: string; params: unknown[] } {
  return {
    sql: `bucket >= to_timestamp($${first}::float8 / 1000) AND bucket < to_timestamp($${first + 1}::float8 / 1000)
          AND ($${first + 2}::text IS NULL OR source_id = $${first + 2}) AND ($${first + 3}::text IS NULL OR backend = $${first + 3})
          AND ($${first + 4}::text[] IS NULL OR backend = ANY($${first + 4}::text[]))`,
    params: [f.fromMs, f.toMs, f.sourceId ?? null, f.backend ?? null, f.backends ?? null],
  };
}

// date_part answers float8 (extract answers numeric, several times slower); buckets are whole
// minutes, so epoch milliseconds are exact integers in a float8.
const BUCKET_OF = `floor(date_part('epoch', bucket) * 1000 / $1::float8) * $1::float8`;

/**
 * JIT compilation would spend hundreds of milliseconds in LLVM on these aggregates (jsonb_each's
 * estimate of 100 keys a row passes its cost threshold): the database module turns it off on every
 * connection (lib/db/client.ts), so a read is one round trip, not a transaction of four.
 */
const query = (q: SqlQueryable, sql: string, params: unknown[]): Promise<Row[]> => shared(q, sql, params, () => q.query<Row>(sql, params));

const inFlight = new WeakMap<object, Map<string, Promise<Row[]>>>();

/**
 * Identical reads in flight at the same time share one query and its rows (read-only downstream):
 * a page asks some twice at once (the hit ratio and the origin fetches read the same handling
 * counts), and each answer is then the same as a read of its own made at that moment.
 */
function shared(q: SqlQueryable, sql: string, params: unknown[], run: () => Promise<Row[]>): Promise<Row[]> {
  let pending = inFlight.get(q);
  if (!pending) inFlight.set(q, (pending = new Map()));
  const key = `${sql}\n${JSON.stringify(params)}`;
  const running = pending.get(key);
  if (running) return running;
  const started = run().finally(() => pending.delete(key));
  pending.set(key, started);
  return started;
}

/**
 * Latency histograms added up per (bucket, group) here rather than in SQL. Exploding them in the
 * database (jsonb_each_text, ~12 keys a row) and grouping by (bucket, group, key) was most of a
 * cold chart read: a day of minutes for 50 backends is ~800,000 pairs into ~100,000 groups. Handed
 * over as text, one row each, and added up per (bucket, group) here (lib/rollups/histogram-text.ts),
 * the same sums took about a third of the time (measured on the bench data). `prefix` goes before
 * each key.
 */
function histRows(q: SqlQueryable, res: Table, f: Filter, stepMs: number, byBackend: boolean, prefix: string): Promise<Row[]> {
  const w = where(f, 2);
  const sql = `SELECT ${BUCKET_OF} AS t, ${byBackend ? "backend" : "''"} AS g, latency_hist::text AS m FROM rollup_${res}
     WHERE ${w.sql} AND latency_hist <> '{}'::jsonb`;
  const params = [stepMs, ...w.params];
  return shared(q, `${sql}\n${prefix}`, params, async () => sumHistograms(await q.query<{ t: number; g: string; m: string }>(sql, params), prefix));
}

/**
 * Rows of text read from the database, added up per (bucket, group): `start` makes a group's sums,
 * `add` adds a row into them, `emit` turns each group's sums into grouped rows.
 */
function sumPerGroup<R extends { t: number; g: string }, S>(got: R[], start: () => S, add: (into: S, row: R) => void, emit: (sum: S, push: (k: string, v: number) => void) => void): Row[] {
  const sums = new Map<number, Map<string, S>>();
  for (const r of got) {
    const t = Number(r.t);
    let groups = sums.get(t);
    if (!groups) sums.set(t, (groups = new Map()));
    let into = groups.get(r.g);
    if (!into) groups.set(r.g, (into = start()));
    add(into, r);
  }
  const out: Row[] = [];
  for (const [t, groups] of sums) for (const [g, sum] of groups) emit(sum, (k, v) => out.push({ t, g, k, v }));
  return out;
}

const sumHistograms = (got: Array<{ t: number; g: string; m: string }>, prefix: string): Row[] =>
  sumPerGroup(got, newHistogramSum, (into, r) => addHistogramText(r.m, into), (sum, push) => forEachCount(sum, prefix, push));

const feed = (rows: Row[], sink: RowSink) => {
  for (const r of rows) sink(Number(r.t), r.g, r.k, Number(r.v));
};

const filterKey = (f: Filter) => `${f.sourceId ?? ""}\n${f.backend ?? ""}${f.backends ? `\n${f.backends.join("\n")}` : ""}`;

// ---- summary: per backend, k = "t" (requests), "s<status>", "c<cause>" or "h<histogram index>"

/** One (bucket, backend) of a summary, added up from its rollup rows. */
interface SummarySums {
  requests: number;
  status: Map<string, number>;
  cause: Map<string, number>;
  hist: HistogramSum;
}

/**
 * A summary's rows of [f.fromMs, f.toMs) per (bucket of stepMs, backend). The maps come as jsonb's
 * text and are added up here, as the histograms are (histRows): exploding 400 days of day rows
 * with jsonb_each_text and grouping them took PostgreSQL 730 ms on the bench data, reading the
 * same rows as text 35 ms, and one query serves what took two.
 */
function summarySql(q: SqlQueryable, table: Table, f: Filter, stepMs: number): Promise<Row[]> {
  const w = where(f, 2);
  const sql = `SELECT ${BUCKET_OF} AS t, backend AS g, requests::float8 AS n, status_counts::text AS s, cause_counts::text AS c, latency_hist::text AS m
     FROM rollup_${table} WHERE ${w.sql}`;
  const params = [stepMs, ...w.params];
  return shared(q, sql, params, async () =>
    sumPerGroup(
      await q.query<{ t: number; g: string; n: number; s: string; c: string; m: string }>(sql, params),
      (): SummarySums => ({ requests: 0, status: new Map(), cause: new Map(), hist: newHistogramSum() }),
      (into, r) => {
        into.requests += Number(r.n);
        addCountsText(r.s, into.status);
        addCountsText(r.c, into.cause);
        addHistogramText(r.m, into.hist);
      },
      (sum, push) => {
        push("t", sum.requests);
        for (const [k, v] of sum.status) push(`s${k}`, v);
        for (const [k, v] of sum.cause) push(`c${k}`, v);
        forEachCount(sum.hist, "h", push);
      },
    ),
  );
}

/** Cached bucket sizes per table, coarse to fine: a summary merges the coarsest that fit. */
const SUMMARY_SIZES: Record<Table, number[]> = { minute: [MINUTE_MS], hour: [HOUR_MS], day: [BLOCK_MS, DAY_MS] };

/**
 * Summary rows of one table over [f.fromMs, f.toMs). Sealed buckets are cached at several sizes,
 * coarse inside, finer towards the edges: minute rows by minute, hour rows by hour, day rows by
 * 16-day block, then by day; only the open end (and what the triggers may still see written) is
 * read live.
 */
export async function summaryRows(q: SqlQueryable, table: Table, f: Filter, nowMs: number, sink: RowSink): Promise<void> {
  const live = async (fromMs: number, toMs: number, s: RowSink) => feed(await summarySql(q, table, { ...f, fromMs, toMs }, DAY_MS), s);
  const sealedBeforeMs = sealedBefore(table, nowMs);
  const sizes = SUMMARY_SIZES[table];
  const level = (i: number): SealedRead["readRest"] =>
    i === sizes.length
      ? live
      : (fromMs, toMs, s) =>
          readThroughCache(
            q,
            {
              key: `summary ${table} ${sizes[i]}\n${filterKey(f)}`,
              merged: true,
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
 * Where a summary reads: day rows for the whole days inside the range, hour rows for the whole
 * hours left at either end, minute rows only for the ragged minutes (a minute-resolution range).
 * Hour and day rows are written with their minutes, in the same transaction (lib/rollups/
 * write.ts), so the totals are the same, from up to 60x and 1,440x fewer rows.
 */
export function summarySpans(fromMs: number, toMs: number): Array<{ table: Table; fromMs: number; toMs: number }> {
  const ceil = (t: number, size: number) => Math.ceil(t / size) * size;
  const floor = (t: number, size: number) => Math.floor(t / size) * size;
  // Each edge stays inside the previous one: [from, firstHour, firstDay, lastDay, lastHour, to].
  const firstHour = Math.min(toMs, ceil(fromMs, HOUR_MS));
  const lastHour = Math.max(firstHour, floor(toMs, HOUR_MS));
  const firstDay = Math.min(lastHour, ceil(firstHour, DAY_MS));
  const lastDay = Math.max(firstDay, floor(lastHour, DAY_MS));
  const spans: Array<{ table: Table; fromMs: number; toMs: number }> = [
    { table: "minute", fromMs, toMs: firstHour },
    { table: "hour", fromMs: firstHour, toMs: firstDay },
    { table: "day", fromMs: firstDay, toMs: lastDay },
    { table: "hour", fromMs: lastDay, toMs: lastHour },
    { table: "minute", fromMs: lastHour, toMs },
  ];
  return spans.filter((span) => span.toMs > span.fromMs);
}

// ---- series: one counter or map per step bucket, grouped by nothing ('') or backend

const MAPS = { status: "status_counts", cause: "cause_counts", hist: "latency_hist", handling: "handling_counts" } as const;

function partSql(q: SqlQueryable, res: Table, f: Filter, stepMs: number, part: Part, byBackend: boolean): Promise<Row[]> {
  if (part === "hist") return histRows(q, res, f, stepMs, byBackend, "");
  const w = where(f, 2);
  const g = byBackend ? "backend" : "''";
  const sql =
    part === "requests" || part === "errors_5xx" || part === "errors_503" || part === "latency_count"
      ? `SELECT ${BUCKET_OF} AS t, ${g} AS g, '' AS k, sum(${part})::float8 AS v FROM rollup_${res} WHERE ${w.sql} GROUP BY 1, 2`
      : `SELECT ${BUCKET_OF} AS t, ${g} AS g, e.key AS k, sum(e.value::float8) AS v FROM rollup_${res}, jsonb_each_text(${MAPS[part]}) e
         WHERE ${w.sql} GROUP BY 1, 2, 3`;
  return query(q, sql, [stepMs, ...w.params]);
}

/**
 * Rows of (step bucket, group, key, value) for one counter or map; sealed buckets cached. Steps of
 * whole days (months of hours) read day rows: steps start at multiples of the step, so every
 * step holds whole UTC days.
 */
export function partRows(q: SqlQueryable, resolution: Resolution, f: Filter, stepMs: number, part: Part, byBackend: boolean, nowMs: number, sink: RowSink): Promise<void> {
  const res: Table = resolution === "hour" && stepMs % DAY_MS === 0 && f.fromMs % DAY_MS === 0 && f.toMs % DAY_MS === 0 ? "day" : resolution;
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
