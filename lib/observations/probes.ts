// The one road for probe results, next to requests.ts: raw rows (the probe charts and drill-down
// read them), the per-minute probe rollup (kept for long-range probe charts, not read yet), the
// Varnish health register (health, health_state, last_result) and a health_transitions row whenever
// a probe flips between healthy and sick (alert evaluation reads when a probe turned sick; incidents,
// #8, will read the transitions). Callers pass a transaction; everything here lands together or not at all.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson, pgText } from "@/lib/db/text";
import { applyResult, type HealthState, type HealthStatus } from "@/lib/observations/health";
import { isStoredHealth, storedHealthState, type StoredHealth } from "@/lib/observations/health-state";
import type { ProbeResult } from "@/lib/observations/types";
import { probeRollupDeltas, writeProbeRollups } from "@/lib/observations/probe-rollups";
import { distinct, publishAfterCommit } from "@/lib/observations/published";

export interface ProbeRun {
  probeId: string;
  result: ProbeResult;
}

export interface RecordProbeOptions {
  /**
   * The scheduler's lease owner: only runs of probes this owner still leases are recorded (a
   * probe another worker has taken over is dropped), and their leases are released.
   */
  leaseOwner?: string;
}

export interface RecordedTransition {
  probeId: string;
  backendId: string;
  at: number;
  from: HealthStatus;
  to: HealthStatus;
}

export interface RecordedProbeResults {
  recorded: number;
  /** Runs not recorded: the probe is gone, or its lease belongs to someone else now. */
  dropped: string[];
  transitions: RecordedTransition[];
}

interface LockedProbe {
  id: string;
  backendId: string;
  health: string;
  healthState: unknown;
  window: number;
  threshold: number;
  initial: number;
}

interface Kept {
  probeId: string;
  backendId: string;
  result: ProbeResult;
}

const jsonOrNull = (value: unknown) => (value === undefined ? null : pgJson(value));

async function lockProbes(tx: SqlQueryable, ids: string[], leaseOwner: string | undefined): Promise<Map<string, LockedProbe>> {
  const rows = await tx.query<LockedProbe>(
    `SELECT id, backend_id AS "backendId", health, health_state AS "healthState", "window", threshold, initial
     FROM probes WHERE id = ANY($1::text[]) AND ($2::text IS NULL OR lease_owner = $2::text)
     ORDER BY id FOR UPDATE`,
    [ids, leaseOwner ?? null],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

async function insertResults(tx: SqlQueryable, kept: Kept[]): Promise<void> {
  await tx.query(
    `INSERT INTO probe_results (probe_id, at, ok, error_class, status, duration_ms, phases, signals, message, summary)
     SELECT u.p, to_timestamp(u.at / 1000.0), u.ok, u.ec, u.st, u.d, u.ph, u.sg, u.m, u.s
     FROM unnest($1::text[], $2::float8[], $3::bool[], $4::text[], $5::int[], $6::float8[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[])
          AS u(p, at, ok, ec, st, d, ph, sg, m, s)`,
    [
      kept.map((k) => k.probeId),
      kept.map((k) => k.result.at),
      kept.map((k) => k.result.ok),
      kept.map((k) => k.result.errorClass ?? null),
      kept.map((k) => k.result.status ?? null),
      kept.map((k) => (Number.isFinite(k.result.durationMs) ? k.result.durationMs : 0)),
      kept.map((k) => jsonOrNull(k.result.phases)),
      kept.map((k) => jsonOrNull(k.result.signals)),
      kept.map((k) => (k.result.message === undefined ? null : pgText(k.result.message))),
      kept.map((k) => (k.result.summary === undefined ? null : pgText(k.result.summary))),
    ],
  );
}

async function updateProbes(
  tx: SqlQueryable,
  latest: Map<string, { health: HealthStatus; state: HealthState; result: ProbeResult }>,
  releaseLease: boolean,
): Promise<void> {
  const entries = [...latest.entries()];
  await tx.query(
    `UPDATE probes p SET health = u.h, health_state = u.s, last_result = u.r,
       lease_owner = CASE WHEN $5::bool THEN NULL ELSE p.lease_owner END,
       lease_until = CASE WHEN $5::bool THEN NULL ELSE p.lease_until END
     FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[]) AS u(id, h, s, r)
     WHERE p.id = u.id`,
    [
      entries.map(([id]) => id),
      entries.map(([, v]) => v.health),
      entries.map(([, v]) => pgJson(v.state)),
      entries.map(([, v]) => pgJson(v.result)),
      releaseLease,
    ],
  );
}

/** Each transition keeps the `window` results (newest last) that tipped the register. */
async function insertTransitions(tx: SqlQueryable, transitions: (RecordedTransition & { window: number })[]): Promise<void> {
  if (transitions.length === 0) return;
  await tx.query(
    `INSERT INTO health_transitions (probe_id, backend_id, at, from_state, to_state, results)
     SELECT t.id, t.backend_id, to_timestamp(t.at / 1000.0), t.from_state, t.to_state,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('at', r.at, 'ok', r.ok, 'errorClass', r.error_class, 'status', r.status,
                                                     'durationMs', r.duration_ms, 'message', coalesce(r.message, r.summary))
                                  ORDER BY r.at, r.id), '[]'::jsonb)
        FROM (SELECT * FROM probe_results pr
              WHERE pr.probe_id = t.id AND pr.at <= to_timestamp(t.at / 1000.0)
              ORDER BY pr.at DESC, pr.id DESC LIMIT t.n) r)
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::int[]) AS t(id, backend_id, at, from_state, to_state, n)`,
    [
      transitions.map((t) => t.probeId),
      transitions.map((t) => t.backendId),
      transitions.map((t) => t.at),
      transitions.map((t) => t.from),
      transitions.map((t) => t.to),
      transitions.map((t) => t.window),
    ],
  );
}

export async function recordProbeResults(tx: SqlQueryable, runs: ProbeRun[], opts: RecordProbeOptions = {}): Promise<RecordedProbeResults> {
  if (runs.length === 0) return { recorded: 0, dropped: [], transitions: [] };
  const locked = await lockProbes(tx, [...new Set(runs.map((r) => r.probeId))], opts.leaseOwner);
  const kept: Kept[] = [];
  const dropped: string[] = [];
  const transitions: (RecordedTransition & { window: number })[] = [];
  const latest = new Map<string, { health: HealthStatus; state: HealthState; result: ProbeResult }>();
  for (const run of runs) {
    const row = locked.get(run.probeId);
    if (!row) {
      dropped.push(run.probeId);
      continue;
    }
    // Whole milliseconds, so the stored timestamp and the transition's look-back agree exactly.
    const result: ProbeResult = { ...run.result, at: Math.round(run.result.at) };
    const before = latest.get(row.id);
    const health: StoredHealth = before?.health ?? (isStoredHealth(row.health) ? row.health : "unknown");
    const update = applyResult(before?.state ?? storedHealthState(row.healthState, row), result.ok);
    // "unknown" -> a verdict is the first reading, not a transition: only healthy <-> sick counts.
    if (health !== "unknown" && health !== update.status) {
      transitions.push({ probeId: row.id, backendId: row.backendId, at: result.at, from: health, to: update.status, window: row.window });
    }
    latest.set(row.id, { health: update.status, state: update.state, result });
    kept.push({ probeId: row.id, backendId: row.backendId, result });
  }
  if (kept.length > 0) {
    await insertResults(tx, kept);
    await updateProbes(tx, latest, opts.leaseOwner !== undefined);
    await writeProbeRollups(tx, probeRollupDeltas(kept));
    await insertTransitions(tx, transitions);
    await publishAfterCommit(tx, {
      origin: "probes",
      backends: [],
      backendIds: distinct(kept.map((k) => k.backendId)),
      minutes: distinct(kept.map((k) => Math.floor(k.result.at / 60_000) * 60_000)),
    });
  }
  return { recorded: kept.length, dropped, transitions: transitions.map(({ window: _w, ...t }) => t) };
}
