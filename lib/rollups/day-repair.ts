// Day rows are written with their minutes and hours from the same deltas (lib/rollups/write.ts),
// so each equals the sum of its day's hour rows. Something that writes hours without days breaks
// that: a process of a version from before day rollups, still ingesting while a new one migrated
// the database. Once a day is sealed (nothing live writes it any more), its day rows are compared
// with the sums of its hour rows and rebuilt where they differ; the revision triggers then tell
// every process's chart cache.
import type { SqlQueryable } from "@/lib/db/sql";
import { DAY_MS, SEAL_MS } from "@/lib/rollups/levels";

export interface DayRepairReport {
  /** First and last day checked (UTC, ISO date). */
  from: string;
  to: string;
  /** Day rows rewritten from their hours (missing ones included). */
  rebuilt: number;
}

/**
 * The day rows the hour rows matching `where` add up to (bucket, source_id, backend and every
 * column of ROLLUP_COLUMNS): what ingest writes day by day, computed at once (repair, the bench seed).
 */
export function daySumsFromHours(where: string): string {
  return `SELECT to_timestamp(floor(date_part('epoch', bucket) / 86400) * 86400) AS bucket, source_id, backend,
            sum(requests) AS requests, sum(errors_5xx) AS errors_5xx, sum(errors_503) AS errors_503, sum(bytes) AS bytes,
            ow_jsonb_sum_agg(status_counts) AS status_counts, ow_jsonb_sum_agg(cause_counts) AS cause_counts,
            ow_jsonb_sum_agg(handling_counts) AS handling_counts, ow_jsonb_sum_agg(latency_hist) AS latency_hist,
            sum(latency_count) AS latency_count, sum(latency_sum_ms) AS latency_sum_ms
          FROM rollup_hour WHERE ${where}
          GROUP BY 1, 2, 3`;
}

export const ROLLUP_COLUMNS = "requests, errors_5xx, errors_503, bytes, status_counts, cause_counts, handling_counts, latency_hist, latency_count, latency_sum_ms";

/**
 * Checks the last `days` sealed days. The float latency_sum_ms is left out of the comparison (sums
 * in another order may differ in the last bit) but rewritten with the rest.
 */
export async function repairDayRollups(q: SqlQueryable, nowMs = Date.now(), days = 3): Promise<DayRepairReport> {
  const toMs = Math.floor((nowMs - SEAL_MS.day) / DAY_MS) * DAY_MS; // the first day not sealed yet
  const fromMs = toMs - days * DAY_MS;
  const rows = await q.query<{ n: number }>(
    `WITH sums AS (${daySumsFromHours("bucket >= to_timestamp($1::float8 / 1000) AND bucket < to_timestamp($2::float8 / 1000)")}),
     wrong AS (
       SELECT s.* FROM sums s LEFT JOIN rollup_day d USING (bucket, source_id, backend)
       WHERE d.bucket IS NULL
          OR (d.requests, d.errors_5xx, d.errors_503, d.bytes, d.status_counts, d.cause_counts, d.handling_counts, d.latency_hist, d.latency_count)
             IS DISTINCT FROM (s.requests, s.errors_5xx, s.errors_503, s.bytes, s.status_counts, s.cause_counts, s.handling_counts, s.latency_hist, s.latency_count)
       ORDER BY 1, 2, 3
     ), fixed AS (
       INSERT INTO rollup_day AS r (bucket, source_id, backend, ${ROLLUP_COLUMNS})
       SELECT bucket, source_id, backend, ${ROLLUP_COLUMNS} FROM wrong
       ON CONFLICT (bucket, source_id, backend) DO UPDATE SET
         ${ROLLUP_COLUMNS.split(", ").map((c) => `${c} = EXCLUDED.${c}`).join(", ")}
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM fixed`,
    [fromMs, toMs],
  );
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(fromMs), to: day(toMs - DAY_MS), rebuilt: rows[0]?.n ?? 0 };
}
