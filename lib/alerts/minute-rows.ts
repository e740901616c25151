// A range of minute rows per instance (backend), all sources added, in one query: what the
// window slider (lib/alerts/sliding.ts) moves over when late data is replayed or a rule is
// backtested, instead of one windowed read per evaluated minute.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgText } from "@/lib/db/text";
import { scopeSql } from "@/lib/alerts/data";
import type { RuleScope } from "@/lib/alerts/schemas";
import type { RollupMap } from "@/lib/alerts/kinds/types";
import type { MinuteTotals } from "@/lib/alerts/sliding";
import { MAP_COLUMN, sumRowsSql } from "@/lib/alerts/sum-sql";
import type { SparseCounts } from "@/lib/rollups/sparse";

export interface MinuteRowsRequest {
  scope: RuleScope;
  /** The jsonb maps the rule's kind reads (the others come back empty). */
  maps: RollupMap[];
  /** First and last minute bucket (ms), inclusive. */
  from: number;
  to: number;
  /** Only these backends; absent: every one in scope. */
  only?: string[];
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const counts = (v: unknown): SparseCounts => (v && typeof v === "object" ? (v as SparseCounts) : {});

/** Minute rows by backend, sorted by bucket. */
export async function readMinuteRows(q: SqlQueryable, r: MinuteRowsRequest): Promise<Map<string, MinuteTotals[]>> {
  const s = scopeSql(r.scope);
  const maps = r.maps.map((m) => `, r.${MAP_COLUMN[m]}`).join("");
  const rows = await q.query<Record<string, unknown>>(
    `${sumRowsSql(
      // date_part answers float8 (extract answers numeric, slower to compute and to group by);
      // whole minutes are exact in a float8. Not the timestamp: parsing 10,000 dates costs more.
      `SELECT r.backend, date_part('epoch', r.bucket) * 1000 AS bucket, r.requests, r.errors_5xx, r.errors_503${maps}
       FROM rollup_minute r
       WHERE r.bucket >= to_timestamp($2 / 1000.0) AND r.bucket <= to_timestamp($3 / 1000.0)
         AND (${s.rollups}) AND ($4::text[] IS NULL OR r.backend = ANY($4::text[]))`,
      ["backend", "bucket"],
      r.maps,
    )}
     ORDER BY 1, 2`,
    [s.value, r.from, r.to, r.only?.map(pgText) ?? null],
  );
  const out = new Map<string, MinuteTotals[]>();
  for (const row of rows) {
    const backend = String(row.backend);
    const list = out.get(backend) ?? [];
    out.set(backend, list);
    list.push({
      bucket: num(row.bucket),
      requests: num(row.requests),
      errors5xx: num(row.e5),
      errors503: num(row.e503),
      statusCounts: counts(row.sc),
      causeCounts: counts(row.cc),
      latencyHist: counts(row.lh),
    });
  }
  return out;
}
