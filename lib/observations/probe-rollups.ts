// Per-minute probe rollups: checks, failures by class and a sparse latency histogram per
// minute x probe, upserted in one statement per batch and merged key by key, like ow_jsonb_sum.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson } from "@/lib/db/text";
import { bucketIndex } from "@/lib/rollups/histogram";
import type { SparseCounts } from "@/lib/rollups/sparse";
import type { ProbeResult } from "@/lib/observations/types";
import { MINUTE_MS } from "@/lib/rollups/levels";


export interface ProbeRollupDelta {
  bucketMs: number;
  probeId: string;
  backendId: string;
  checks: number;
  failures: number;
  errorClasses: SparseCounts;
  latencyHist: SparseCounts;
  latencySumMs: number;
}

/** Sums results into one delta per minute x probe (one statement cannot upsert a row twice). */
export function probeRollupDeltas(results: { probeId: string; backendId: string; result: ProbeResult }[]): ProbeRollupDelta[] {
  const byKey = new Map<string, ProbeRollupDelta>();
  for (const { probeId, backendId, result } of results) {
    const bucketMs = Math.floor(result.at / MINUTE_MS) * MINUTE_MS;
    const key = `${bucketMs}\n${probeId}`;
    let d = byKey.get(key);
    if (!d) {
      d = { bucketMs, probeId, backendId, checks: 0, failures: 0, errorClasses: {}, latencyHist: {}, latencySumMs: 0 };
      byKey.set(key, d);
    }
    d.checks += 1;
    if (!result.ok) {
      d.failures += 1;
      const cls = result.errorClass ?? "unknown";
      d.errorClasses[cls] = (d.errorClasses[cls] ?? 0) + 1;
    }
    const index = String(bucketIndex(result.durationMs));
    d.latencyHist[index] = (d.latencyHist[index] ?? 0) + 1;
    d.latencySumMs += Number.isFinite(result.durationMs) ? result.durationMs : 0;
  }
  return [...byKey.values()];
}

export async function writeProbeRollups(tx: SqlQueryable, deltas: ProbeRollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await tx.query(
    `INSERT INTO probe_rollup_minute AS r (bucket, probe_id, backend_id, checks, failures, error_classes, latency_hist, latency_sum_ms)
     SELECT to_timestamp(d.b / 1000.0), d.p, d.be, d.c, d.f, d.ec, d.lh, d.ls
     FROM unnest($1::float8[], $2::text[], $3::text[], $4::int[], $5::int[], $6::jsonb[], $7::jsonb[], $8::float8[])
          AS d(b, p, be, c, f, ec, lh, ls)
     ON CONFLICT (bucket, probe_id) DO UPDATE SET
       checks = r.checks + EXCLUDED.checks,
       failures = r.failures + EXCLUDED.failures,
       error_classes = CASE WHEN EXCLUDED.error_classes = '{}'::jsonb THEN r.error_classes
                            ELSE ow_jsonb_sum(r.error_classes, EXCLUDED.error_classes) END,
       -- Adds the delta's few keys into the row (what ow_jsonb_sum does, without walking the
       -- whole row map: a delta here holds one or two checks, this runs ~1000 times a second).
       latency_hist = r.latency_hist || coalesce((SELECT jsonb_object_agg(key, coalesce((r.latency_hist ->> key)::numeric, 0) + value::numeric)
                                                  FROM jsonb_each_text(EXCLUDED.latency_hist)), '{}'::jsonb),
       latency_sum_ms = r.latency_sum_ms + EXCLUDED.latency_sum_ms`,
    [
      deltas.map((d) => d.bucketMs),
      deltas.map((d) => d.probeId),
      deltas.map((d) => d.backendId),
      deltas.map((d) => d.checks),
      deltas.map((d) => d.failures),
      deltas.map((d) => pgJson(d.errorClasses)),
      deltas.map((d) => pgJson(d.latencyHist)),
      deltas.map((d) => d.latencySumMs),
    ],
  );
}
