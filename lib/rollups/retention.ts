// Deletes what outlived its retention, in bounded chunks so a large backlog never holds a long
// lock. Also trims bookkeeping: idempotency keys (a day is far beyond any retry), sign-in
// counters whose window ended, and signed-out sessions past their cookie's expiry.
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { recordAuditSql } from "@/lib/audit/record";
import { DAY_MS, LEVELS, type RetentionPolicy } from "@/lib/rollups/levels";

const CHUNK = 50_000;

export interface RetentionReport {
  samples: number;
  minuteRows: number;
  hourRows: number;
  dayRows: number;
  parseErrors: number;
  probeResults: number;
  probeRollupRows: number;
  batchKeys: number;
  signIns: number;
  endedSessions: number;
}

async function deleteOlder(q: SqlQueryable, table: string, column: string, key: string, beforeMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await q.query<{ n: number }>(
      `WITH doomed AS (SELECT ${key} FROM ${table} WHERE ${column} < to_timestamp($1::float8 / 1000) LIMIT ${CHUNK})
       , gone AS (DELETE FROM ${table} t USING doomed d WHERE ${key.split(", ").map((k) => `t.${k} = d.${k}`).join(" AND ")} RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [beforeMs],
    );
    const n = rows[0]?.n ?? 0;
    total += n;
    if (n < CHUNK) return total;
  }
}

export async function enforceRetention(q: SqlQueryable, policy: RetentionPolicy, nowMs = Date.now()): Promise<RetentionReport> {
  return {
    samples: await deleteOlder(q, "error_samples", "minute", "id", nowMs - policy.sampleDays * DAY_MS),
    minuteRows: await deleteOlder(q, LEVELS.minute.table, "bucket", "bucket, source_id, backend", nowMs - policy.minuteDays * DAY_MS),
    hourRows: await deleteOlder(q, LEVELS.hour.table, "bucket", "bucket, source_id, backend", nowMs - policy.hourDays * DAY_MS),
    // Day rows follow the hour rows, and go once the whole day is past the cutoff.
    dayRows: await deleteOlder(q, LEVELS.day.table, "bucket", "bucket, source_id, backend", nowMs - policy.hourDays * DAY_MS - DAY_MS),
    parseErrors: await deleteOlder(q, "parse_errors", "at", "id", nowMs - policy.sampleDays * DAY_MS),
    probeResults: await deleteOlder(q, "probe_results", "at", "id", nowMs - (policy.probeResultDays ?? policy.sampleDays) * DAY_MS),
    probeRollupRows: await deleteOlder(q, "probe_rollup_minute", "bucket", "bucket, probe_id", nowMs - (policy.probeRollupDays ?? policy.minuteDays) * DAY_MS),
    batchKeys: await deleteOlder(q, "ingest_batches", "at", "source_id, idempotency_key", nowMs - DAY_MS),
    // A counter's window is 15 minutes; a day old, it counts nothing (lib/auth/rate-limit.ts).
    signIns: await deleteOlder(q, "sign_in_limits", "window_started_at", "key", nowMs - DAY_MS),
    // Past its expiry the cookie is refused anyway: the ended-session row has done its job.
    endedSessions: await deleteOlder(q, "ended_sessions", "expires_at", "sid", nowMs),
  };
}

/** The policy in force, every field filled in: what the audit log records. */
export function effectivePolicy(policy: RetentionPolicy): Required<RetentionPolicy> {
  return {
    sampleDays: policy.sampleDays,
    minuteDays: policy.minuteDays,
    hourDays: policy.hourDays,
    probeResultDays: policy.probeResultDays ?? policy.sampleDays,
    probeRollupDays: policy.probeRollupDays ?? policy.minuteDays,
  };
}

const RETENTION_AUDIT_LOCK = 0x52455401; // "RET\x01": one process at a time compares and records

/**
 * Retention is set by the environment (RETENTION_*_DAYS) and takes effect when a process starts
 * its background work. The audit log keeps each change of the policy in force ("retention.change",
 * by system, with the days before and after); an installation's first start records the policy it
 * began with (`from: null`). Returns whether a row was written.
 */
export async function auditRetentionPolicy(sql: SqlExecutor, policy: RetentionPolicy): Promise<boolean> {
  const to = effectivePolicy(policy);
  return sql.withAdvisoryLock(RETENTION_AUDIT_LOCK, () =>
    sql.transaction(async (tx) => {
      const [last] = await tx.query<{ details: { to?: unknown } }>(
        `SELECT details FROM audit_log WHERE action = 'retention.change' ORDER BY at DESC, id DESC LIMIT 1`,
      );
      const from = effectiveOrNull(last?.details?.to);
      if (from && JSON.stringify(from) === JSON.stringify(to)) return false;
      await recordAuditSql(tx, { kind: "system" }, "retention.change", { type: "retention", id: "policy" }, { from, to });
      return true;
    }),
  );
}

/** A recorded policy read back (any shape a past version wrote), or null. */
function effectiveOrNull(v: unknown): Required<RetentionPolicy> | null {
  if (!v || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  const n = (k: string) => (typeof o[k] === "number" ? (o[k] as number) : undefined);
  const [sampleDays, minuteDays, hourDays] = [n("sampleDays"), n("minuteDays"), n("hourDays")];
  if (sampleDays === undefined || minuteDays === undefined || hourDays === undefined) return null;
  return effectivePolicy({ sampleDays, minuteDays, hourDays, probeResultDays: n("probeResultDays"), probeRollupDays: n("probeRollupDays") });
}
