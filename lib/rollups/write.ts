// Upserts rollup deltas: one statement per table per batch, counters added and jsonb maps merged
// key by key (ow_jsonb_sum). Minute rows and the hour and day rows they roll into are written
// together, so the coarser rollups never lag the minutes they summarise.
import type { SqlQueryable } from "@/lib/db/sql";
import { addCounts, type SparseCounts } from "@/lib/rollups/sparse";
import { pgJson, pgText } from "@/lib/db/text";
import { DAY_MS, HOUR_MS, LEVELS, bucketStart, type Level } from "@/lib/rollups/levels";

export interface RollupDelta {
  bucketMs: number;
  sourceId: string;
  backend: string;
  requests: number;
  errors5xx: number;
  errors503: number;
  bytes: number;
  statusCounts: SparseCounts;
  causeCounts: SparseCounts;
  handlingCounts: SparseCounts;
  latencyHist: SparseCounts;
  latencyCount: number;
  latencySumMs: number;
}

type RollupTable = Level["table"];

function upsertSql(table: RollupTable): string {
  return `
INSERT INTO ${table} AS r (bucket, source_id, backend, requests, errors_5xx, errors_503, bytes,
                           status_counts, cause_counts, handling_counts, latency_hist, latency_count, latency_sum_ms)
SELECT to_timestamp(b / 1000.0), s, be, rq, e5, e503, by, sc, cc, hc, lh, lc, ls
FROM unnest($1::float8[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::int8[],
            $8::jsonb[], $9::jsonb[], $10::jsonb[], $11::jsonb[], $12::int8[], $13::float8[])
     AS d(b, s, be, rq, e5, e503, by, sc, cc, hc, lh, lc, ls)
ON CONFLICT (bucket, source_id, backend) DO UPDATE SET
  requests = r.requests + EXCLUDED.requests,
  errors_5xx = r.errors_5xx + EXCLUDED.errors_5xx,
  errors_503 = r.errors_503 + EXCLUDED.errors_503,
  bytes = r.bytes + EXCLUDED.bytes,
  status_counts = ow_jsonb_sum(r.status_counts, EXCLUDED.status_counts),
  cause_counts = ow_jsonb_sum(r.cause_counts, EXCLUDED.cause_counts),
  handling_counts = ow_jsonb_sum(r.handling_counts, EXCLUDED.handling_counts),
  latency_hist = ow_jsonb_sum(r.latency_hist, EXCLUDED.latency_hist),
  latency_count = r.latency_count + EXCLUDED.latency_count,
  latency_sum_ms = r.latency_sum_ms + EXCLUDED.latency_sum_ms`;
}

async function upsert(tx: SqlQueryable, table: RollupTable, rows: RollupDelta[]): Promise<void> {
  if (rows.length === 0) return;
  const json = (m: SparseCounts) => pgJson(m);
  await tx.query(upsertSql(table), [
    rows.map((r) => r.bucketMs),
    rows.map((r) => r.sourceId),
    rows.map((r) => pgText(r.backend)),
    rows.map((r) => r.requests),
    rows.map((r) => r.errors5xx),
    rows.map((r) => r.errors503),
    rows.map((r) => r.bytes),
    rows.map((r) => json(r.statusCounts)),
    rows.map((r) => json(r.causeCounts)),
    rows.map((r) => json(r.handlingCounts)),
    rows.map((r) => json(r.latencyHist)),
    rows.map((r) => r.latencyCount),
    rows.map((r) => r.latencySumMs),
  ]);
}

/**
 * Sums deltas that fall in the same (bucket, source, backend). One upsert statement may not
 * touch a row twice, and a batch can carry several deltas for one row (a late error-log line
 * correcting a cause next to new lines of the same minute).
 */
export function mergeDeltas(rows: RollupDelta[], bucketOf: (ms: number) => number = (ms) => ms): RollupDelta[] {
  const merged = new Map<string, RollupDelta>();
  for (const m of rows) {
    const bucketMs = bucketOf(m.bucketMs);
    const key = `${bucketMs}\n${m.sourceId}\n${m.backend}`;
    const h = merged.get(key);
    if (!h) {
      merged.set(key, {
        ...m,
        bucketMs,
        statusCounts: { ...m.statusCounts },
        causeCounts: { ...m.causeCounts },
        handlingCounts: { ...m.handlingCounts },
        latencyHist: { ...m.latencyHist },
      });
      continue;
    }
    h.requests += m.requests;
    h.errors5xx += m.errors5xx;
    h.errors503 += m.errors503;
    h.bytes += m.bytes;
    addCounts(h.statusCounts, m.statusCounts);
    addCounts(h.causeCounts, m.causeCounts);
    addCounts(h.handlingCounts, m.handlingCounts);
    addCounts(h.latencyHist, m.latencyHist);
    h.latencyCount += m.latencyCount;
    h.latencySumMs += m.latencySumMs;
  }
  // One order for every writer: two batches upserting the same rows lock them in the same order
  // (and wait for each other) instead of deadlocking.
  return [...merged.values()].sort((a, b) => a.bucketMs - b.bucketMs || compare(a.sourceId, b.sourceId) || compare(a.backend, b.backend));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sums minute deltas into the hours that contain them. */
export const rollUpToHours = (minutes: RollupDelta[]) => mergeDeltas(minutes, (ms) => bucketStart(ms, HOUR_MS));
/** Sums minute (or hour) deltas into the UTC days that contain them. */
export const rollUpToDays = (rows: RollupDelta[]) => mergeDeltas(rows, (ms) => bucketStart(ms, DAY_MS));

export async function writeRollups(tx: SqlQueryable, minutes: RollupDelta[]): Promise<void> {
  await upsert(tx, LEVELS.minute.table, mergeDeltas(minutes));
  const hours = rollUpToHours(minutes);
  await upsert(tx, LEVELS.hour.table, hours);
  await upsert(tx, LEVELS.day.table, rollUpToDays(hours));
}
