// Adding up rollup rows per group (a window per backend) in one statement: counters summed, and
// each jsonb map the rules read added key by key, by exploding it (jsonb_each_text), summing per
// key and folding it back (jsonb_object_agg). The ow_jsonb_sum_agg aggregate gives the same sums
// through an SQL function called once per row that rebuilds its whole state object each time: over
// the thousands of rows a cycle's windows hold (500 backends x 10 minutes of latency histograms)
// that one aggregate was most of the cycle's database time.
import type { RollupMap } from "@/lib/alerts/kinds/types";

export const MAP_COLUMN: Record<RollupMap, string> = { status: "status_counts", cause: "cause_counts", latency: "latency_hist" };
/** The answer's column for each map (lib/alerts/data.ts reads sc, cc, lh). */
const ALIAS: Record<RollupMap, string> = { status: "sc", cause: "cc", latency: "lh" };
const ALL_MAPS = ["status", "cause", "latency"] as const;

/**
 * `rows`: a SELECT of the `group` columns and requests, errors_5xx, errors_503 and the map columns
 * in `maps`. Answers per group: the group columns, requests, e5, e503 (float8) and sc, cc, lh
 * (jsonb; `{}` for a map not asked for, or with nothing in it). Keys whose sum is 0 are left out.
 */
export function sumRowsSql(rows: string, group: readonly string[], maps: Iterable<RollupMap>): string {
  const wanted = new Set(maps);
  const g = group.join(", ");
  const rg = group.map((c) => `r.${c}`).join(", ");
  const mapCtes = ALL_MAPS.filter((m) => wanted.has(m)).map(
    (m) =>
      `, m_${ALIAS[m]} AS (
         SELECT ${g}, jsonb_object_agg(k, v) AS m
         FROM (SELECT ${rg}, e.key AS k, sum(e.value::float8) AS v FROM r CROSS JOIN LATERAL jsonb_each_text(r.${MAP_COLUMN[m]}) e GROUP BY ${rg}, e.key) x
         WHERE v <> 0 GROUP BY ${g})`,
  );
  const columns = ALL_MAPS.map((m) => (wanted.has(m) ? `coalesce(m_${ALIAS[m]}.m, '{}'::jsonb) AS ${ALIAS[m]}` : `'{}'::jsonb AS ${ALIAS[m]}`));
  const joins = ALL_MAPS.filter((m) => wanted.has(m)).map((m) => ` LEFT JOIN m_${ALIAS[m]} USING (${g})`);
  // Counters only: one pass, no rows kept aside for the maps' second read.
  if (wanted.size === 0) {
    return `SELECT ${rg}, sum(r.requests)::float8 AS requests, sum(r.errors_5xx)::float8 AS e5, sum(r.errors_503)::float8 AS e503, ${columns.join(", ")}
     FROM (${rows}) r GROUP BY ${rg}`;
  }
  return `WITH r AS MATERIALIZED (${rows}),
     t AS (SELECT ${g}, sum(requests)::float8 AS requests, sum(errors_5xx)::float8 AS e5, sum(errors_503)::float8 AS e503 FROM r GROUP BY ${g})${mapCtes.join("")}
     SELECT ${group.map((c) => `t.${c}`).join(", ")}, t.requests, t.e5, t.e503, ${columns.join(", ")}
     FROM t${joins.join("")}`;
}
