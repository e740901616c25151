// What an incident keeps from the moment it opened, so its page still shows the proof after
// retention has pruned samples and probe results: a few raw 5xx lines per cause, the last probe
// results, the cause mix and the first bad minute.
import type { SqlQueryable } from "@/lib/db/sql";
import { MINUTE_MS } from "@/lib/rollups/levels";

const LINES_PER_CAUSE = 5;
const PROBE_RESULTS = 5;

export interface CauseShare {
  cause: string;
  count: number;
  share: number;
}

export interface IncidentEvidence {
  samples: { cause: string; at: string; status: number; line: string }[];
  probes: { kind: string; at: string; ok: boolean; errorClass: string | null; status: number | null; durationMs: number; message: string | null }[];
}

/** 5xx by cause for a backend over [from, to), largest first, share as a fraction of all 5xx. */
export async function causeMix(q: SqlQueryable, backend: string, from: number, to: number): Promise<CauseShare[]> {
  const rows = await q.query<{ cause: string; count: string }>(
    `SELECT c.key AS cause, sum(c.value::bigint) AS count FROM rollup_minute r, jsonb_each_text(r.cause_counts) c
     WHERE r.backend = $1 AND r.bucket >= to_timestamp($2 / 1000.0) AND r.bucket < to_timestamp($3 / 1000.0)
     GROUP BY c.key`,
    [backend, from, to],
  );
  const total = rows.reduce((s, r) => s + Number(r.count), 0);
  return rows
    .map((r) => ({ cause: r.cause, count: Number(r.count), share: total === 0 ? 0 : Math.round((Number(r.count) / total) * 1000) / 1000 }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

/**
 * The first bad minute: walking back from the minute `at` falls in, the earliest of the unbroken
 * run of minutes with 5xx (at most an hour back). Without 5xx (a probe-only alert): `at` itself.
 */
export async function firstBadMinute(q: SqlQueryable, backend: string, at: number): Promise<number> {
  const last = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const rows = await q.query<{ m: number }>(
    `SELECT extract(epoch FROM bucket) * 1000 AS m FROM rollup_minute
     WHERE backend = $1 AND bucket >= to_timestamp($2 / 1000.0) AND bucket <= to_timestamp($3 / 1000.0)
     GROUP BY bucket HAVING sum(errors_5xx) > 0`,
    [backend, last - 60 * MINUTE_MS, last],
  );
  const bad = new Set(rows.map((r) => Number(r.m)));
  if (!bad.has(last) && !bad.has(last - MINUTE_MS)) return at;
  let first = bad.has(last) ? last : last - MINUTE_MS;
  while (bad.has(first - MINUTE_MS)) first -= MINUTE_MS;
  return first;
}

/** 5xx between two event times: the impact of an incident. */
export async function failedRequests(q: SqlQueryable, backend: string, from: number, to: number): Promise<number> {
  const rows = await q.query<{ n: string | null }>(
    `SELECT sum(errors_5xx) AS n FROM rollup_minute WHERE backend = $1 AND bucket >= to_timestamp($2 / 1000.0) AND bucket <= to_timestamp($3 / 1000.0)`,
    [backend, Math.floor(from / MINUTE_MS) * MINUTE_MS, to],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function captureEvidence(q: SqlQueryable, backend: string, from: number, to: number): Promise<IncidentEvidence> {
  const samples = await q.query<{ cause: string; at: Date | string; status: number; line: string }>(
    `SELECT cause, at, status, line FROM (
       SELECT cause, at, status, line, row_number() OVER (PARTITION BY cause ORDER BY at DESC, id DESC) AS n FROM error_samples
       WHERE backend = $1 AND minute >= to_timestamp($2 / 1000.0) AND minute <= to_timestamp($3 / 1000.0)) s
     WHERE n <= $4 ORDER BY cause, at`,
    [backend, Math.floor(from / MINUTE_MS) * MINUTE_MS - 5 * MINUTE_MS, to, LINES_PER_CAUSE],
  );
  const probes = await q.query<{ kind: string; at: Date | string; ok: boolean; errorClass: string | null; status: number | null; durationMs: number; message: string | null }>(
    `SELECT kind, at, ok, "errorClass", status, "durationMs", message FROM (
       SELECT p.kind, r.at, r.ok, r.error_class AS "errorClass", r.status, r.duration_ms AS "durationMs", r.message,
              row_number() OVER (PARTITION BY r.probe_id ORDER BY r.at DESC) AS n
       FROM probe_results r JOIN probes p ON p.id = r.probe_id JOIN backends b ON b.id = p.backend_id
       WHERE b.name = $1 AND r.at <= to_timestamp($2 / 1000.0) AND r.at >= to_timestamp($2 / 1000.0) - interval '1 hour') s
     WHERE n <= $3 ORDER BY at`,
    [backend, to, PROBE_RESULTS],
  );
  const iso = (v: Date | string) => new Date(v).toISOString();
  return {
    samples: samples.map((s) => ({ cause: s.cause, at: iso(s.at), status: Number(s.status), line: s.line })),
    probes: probes.map((p) => ({ ...p, at: iso(p.at), status: p.status === null ? null : Number(p.status), durationMs: Number(p.durationMs) })),
  };
}
