// How schedulers share probes through PostgreSQL: a scheduler claims due probes with
// FOR UPDATE SKIP LOCKED (so two schedulers never claim the same row) and takes a lease on each
// (lease_owner, lease_until = now + timeout + slack). A leased probe is not claimable again until
// its result is recorded (which releases the lease) or the lease expires (its scheduler died).
// Times come from the caller's clock, so tests control them; schedulers on several hosts need
// clocks in sync to well within the lease slack (NTP is plenty).
import type { SqlQueryable } from "@/lib/db/sql";
import type { ProbeSignals } from "@/lib/probes/types";

export interface ClaimedProbe {
  id: string;
  backendId: string;
  kind: string;
  config: unknown;
  timeoutMs: number;
  intervalMs: number;
  /** The slot this run was scheduled for (the next_run_at that made it due), epoch ms. */
  scheduledMs: number;
  /** The lease expiry written for this claim, epoch ms. */
  leaseUntilMs: number;
  /** Signals of the last recorded result, for capacity probes' counter deltas. */
  previous?: ProbeSignals;
}

interface ClaimRow {
  id: string;
  backendId: string;
  kind: string;
  config: unknown;
  timeoutMs: number;
  intervalMs: number;
  scheduledMs: number;
  leaseUntilMs: number;
  previous: unknown;
}

export interface ClaimRequest {
  owner: string;
  nowMs: number;
  limit: number;
  /** Lease beyond the probe's timeout: covers the wait for the batched write of the result. */
  leaseSlackMs: number;
}

/**
 * Probes of demo backends (lib/demo) are never run: they point at documentation addresses, and
 * their results are the demo's own. They stay enabled so the demo shows live-looking health.
 */
const NOT_DEMO = "NOT EXISTS (SELECT 1 FROM backends b WHERE b.id = probes.backend_id AND b.demo)";

function isSignals(value: unknown): value is ProbeSignals {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Claims up to `limit` due probes, oldest slot first, and moves each next_run_at to its next slot
 * on the probe's grid: scheduled + k * interval, with the smallest k >= 1 that lies at least half
 * an interval after now. On time, k = 1 (no drift); a run more than half an interval late skips
 * the slots it missed instead of running in a burst, so two runs are never closer than about
 * half an interval.
 */
export async function claimDueProbes(q: SqlQueryable, req: ClaimRequest): Promise<ClaimedProbe[]> {
  if (req.limit <= 0) return [];
  const rows = await q.query<ClaimRow>(
    `WITH due AS (
       SELECT id, next_run_at FROM probes
       WHERE enabled AND next_run_at <= to_timestamp($1::float8 / 1000)
         AND (lease_until IS NULL OR lease_until <= to_timestamp($1::float8 / 1000))
         AND ${NOT_DEMO}
       ORDER BY next_run_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), slots AS (
       SELECT id, next_run_at, (extract(epoch FROM next_run_at) * 1000)::float8 AS scheduled_ms FROM due
     )
     UPDATE probes p SET
       lease_owner = $3,
       lease_until = to_timestamp(($1::float8 + p.timeout_ms + $4::float8) / 1000),
       next_run_at = to_timestamp((s.scheduled_ms + p.interval_ms *
         greatest(1, ceil(($1::float8 + p.interval_ms / 2.0 - s.scheduled_ms) / p.interval_ms))) / 1000)
     FROM slots s WHERE p.id = s.id
     RETURNING p.id, p.backend_id AS "backendId", p.kind, p.config, p.timeout_ms AS "timeoutMs", p.interval_ms AS "intervalMs",
               s.scheduled_ms AS "scheduledMs", ($1::float8 + p.timeout_ms + $4::float8) AS "leaseUntilMs",
               p.last_result -> 'signals' AS previous`,
    [req.nowMs, req.limit, req.owner, req.leaseSlackMs],
  );
  return rows.map((r) => ({
    id: r.id,
    backendId: r.backendId,
    kind: r.kind,
    config: r.config,
    timeoutMs: r.timeoutMs,
    intervalMs: r.intervalMs,
    scheduledMs: Number(r.scheduledMs),
    leaseUntilMs: Number(r.leaseUntilMs),
    ...(isSignals(r.previous) ? { previous: r.previous } : {}),
  }));
}

/** Epoch ms of the next slot after now, or null when no enabled probe exists. */
export async function nextDueAt(q: SqlQueryable, nowMs: number): Promise<number | null> {
  const rows = await q.query<{ at: number }>(
    `SELECT (extract(epoch FROM next_run_at) * 1000)::float8 AS at FROM probes
     WHERE enabled AND next_run_at > to_timestamp($1::float8 / 1000) AND ${NOT_DEMO}
     ORDER BY next_run_at LIMIT 1`,
    [nowMs],
  );
  return rows[0] ? Number(rows[0].at) : null;
}
