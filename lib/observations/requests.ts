// The one road for request observations (ingested log lines; probe results join it in
// lib/observations/probes.ts): backend keys -> backend names, aggregate deltas -> rollups,
// bounded 5xx samples, discovered backends. Callers pass a transaction; everything here lands
// together or not at all.
import { randomUUID } from "node:crypto";
import type { SqlQueryable } from "@/lib/db/sql";
import type { CauseCorrection, ObservedBucket, ObservedSample } from "@/lib/observations/types";
import { writeRollups, type RollupDelta } from "@/lib/rollups/write";
import { countAndSum, toSparse } from "@/lib/rollups/sparse";
import { pgJson, pgText } from "@/lib/db/text";
import { distinct, publishAfterCommit } from "@/lib/observations/published";

/** Raw 5xx lines kept per minute x source x backend x cause, across batches. */
export const SAMPLES_PER_MINUTE_BACKEND_CAUSE = 5;

export interface RequestObservations {
  sourceId: string;
  buckets: ObservedBucket[];
  samples: ObservedSample[];
  corrections: CauseCorrection[];
}

export function bucketToDelta(sourceId: string, b: ObservedBucket): RollupDelta {
  const { count, sumMs } = countAndSum(b.latencyHistogram);
  return {
    bucketMs: b.minuteMs,
    sourceId,
    backend: b.backend,
    requests: b.requests,
    errors5xx: b.serverErrors,
    errors503: b.status503,
    bytes: b.bytes,
    statusCounts: b.byStatus,
    causeCounts: b.byCause as Record<string, number>,
    handlingCounts: b.byHandling as Record<string, number>,
    latencyHist: toSparse(b.latencyHistogram),
    latencyCount: count,
    latencySumMs: sumMs,
  };
}

/** A late error-log line moves one counted 5xx from one cause to another. */
function correctionToDelta(c: CauseCorrection): RollupDelta {
  return {
    bucketMs: c.minuteMs,
    sourceId: c.sourceId,
    backend: c.backend,
    requests: 0,
    errors5xx: 0,
    errors503: 0,
    bytes: 0,
    statusCounts: {},
    causeCounts: { [c.from]: -1, [c.to]: 1 },
    handlingCounts: {},
    latencyHist: {},
    latencyCount: 0,
    latencySumMs: 0,
  };
}

async function insertSamples(tx: SqlQueryable, sourceId: string, samples: ObservedSample[]): Promise<void> {
  if (samples.length === 0) return;
  // Rank each sample within its (minute, backend, cause) and keep only as many as the bound
  // leaves room for next to what earlier batches stored.
  await tx.query(
    `INSERT INTO error_samples (source_id, backend, minute, at, status, cause, line, fields)
     SELECT $1, d.backend, to_timestamp(d.minute / 1000.0), to_timestamp(d.at / 1000.0), d.status, d.cause, d.line, d.fields
     FROM (
       SELECT u.*, row_number() OVER (PARTITION BY u.minute, u.backend, u.cause ORDER BY u.ord) AS rn
       FROM unnest($2::text[], $3::float8[], $4::float8[], $5::int[], $6::text[], $7::text[], $8::jsonb[])
            WITH ORDINALITY AS u(backend, minute, at, status, cause, line, fields, ord)
     ) d
     WHERE d.rn + (SELECT count(*) FROM error_samples e
                   WHERE e.source_id = $1 AND e.backend = d.backend AND e.minute = to_timestamp(d.minute / 1000.0) AND e.cause = d.cause)
           <= $9`,
    [
      sourceId,
      samples.map((s) => s.backend),
      samples.map((s) => s.minuteMs),
      samples.map((s) => s.request.time),
      samples.map((s) => s.request.status),
      samples.map((s) => s.cause),
      samples.map((s) => pgText(s.line)),
      samples.map((s) => pgJson({ ...s.request, errorLog: s.errorLog })),
      SAMPLES_PER_MINUTE_BACKEND_CAUSE,
    ],
  );
}

/**
 * Logs name a backend as the proxy logs it: nginx without `$proxy_host` (and Envoy without a
 * cluster) log the upstream's address, `10.0.1.10:8080` or `unix:/run/php.sock`. A key that is
 * not a configured backend's name but is the address of exactly one configured backend (imported
 * or added by hand; discovered ones are only names) counts as that backend, so its traffic is
 * charted with its probes. An address shared by several backends stays as logged.
 */
async function backendNamesByAddress(tx: SqlQueryable, keys: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(keys.filter((k) => k !== ""))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.query<{ key: string; name: string }>(
    `SELECT k.key, min(b.name) AS name
     FROM unnest($1::text[]) AS k(key)
     JOIN backends b ON b.origin <> 'discovered' AND (b.address = k.key OR 'unix:' || b.address = k.key)
     WHERE NOT EXISTS (SELECT 1 FROM backends n WHERE n.name = k.key AND n.origin <> 'discovered')
     GROUP BY k.key
     HAVING count(*) = 1`,
    [wanted.map(pgText)],
  );
  return new Map(rows.map((r) => [r.key, r.name]));
}

/** Backends named in logs become known backends (merged by name, never duplicated). */
async function discoverBackends(tx: SqlQueryable, names: string[]): Promise<void> {
  const fresh = [...new Set(names.filter((n) => n !== ""))];
  if (fresh.length === 0) return;
  await tx.query(
    `INSERT INTO backends (id, name, origin, updated_at)
     SELECT u.id, u.name, 'discovered', now() FROM unnest($1::text[], $2::text[]) AS u(id, name)
     ON CONFLICT (name) DO NOTHING`,
    [fresh.map(() => randomUUID()), fresh.map(pgText)],
  );
}

export async function recordRequestObservations(tx: SqlQueryable, obs: RequestObservations): Promise<void> {
  const names = await backendNamesByAddress(tx, [...obs.buckets.map((b) => b.backend), ...obs.corrections.map((c) => c.backend)]);
  const named = <T extends { backend: string }>(item: T): T => {
    const name = names.get(item.backend);
    return name === undefined ? item : { ...item, backend: name };
  };
  const buckets = obs.buckets.map(named);
  const deltas = buckets.map((b) => bucketToDelta(obs.sourceId, b));
  const traffic = deltas.map(({ backend, requests, statusCounts, causeCounts, latencyHist, latencyCount, latencySumMs }) => ({
    backend,
    requests,
    statusCounts,
    causeCounts,
    latencyHist,
    latencyCount,
    latencySumMs,
  }));
  deltas.push(...obs.corrections.map(named).map(correctionToDelta));
  await writeRollups(tx, deltas);
  await insertSamples(tx, obs.sourceId, obs.samples.map(named));
  await discoverBackends(tx, buckets.map((b) => b.backend));
  await publishAfterCommit(tx, {
    origin: "requests",
    backends: distinct(deltas.map((d) => d.backend)),
    backendIds: [],
    minutes: distinct(deltas.map((d) => d.bucketMs)),
    traffic,
  });
}
