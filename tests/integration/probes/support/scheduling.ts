// Helpers for the scheduler tests: backends and probes made through the domain functions, then
// sped up in SQL (the API refuses intervals under 1 s; the scheduler takes what the row says).
import assert from "node:assert/strict";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { createBackend } from "@/lib/backends/backends";
import { createProbe } from "@/lib/backends/probes";
import { ProbeScheduler, type ProbeSchedulerOptions } from "@/lib/probes/scheduler";

export const OWNER_ACTOR: Actor = { kind: "cli", id: "cli", role: "owner" };

export interface FastProbe {
  backendId: string;
  probeId: string;
}

let counter = 0;

export async function fastProbe(
  db: Database,
  config: Record<string, unknown>,
  timing: { intervalMs: number; timeoutMs: number; window?: number; threshold?: number; initial?: number; kind?: string },
): Promise<FastProbe> {
  counter += 1;
  const { backend } = await createBackend(db.prisma, OWNER_ACTOR, { name: `sched-${counter}-${Date.now()}` });
  const probe = await createProbe(db.prisma, OWNER_ACTOR, backend.id, {
    kind: timing.kind ?? "http",
    config,
    window: timing.window,
    threshold: timing.threshold,
    initial: timing.initial,
  });
  // Due now, to the millisecond: the scheduler compares with Date.now(), and a microsecond-precise
  // now() could still lie ahead of a claim made within the same millisecond.
  await db.sql.query(`UPDATE probes SET interval_ms = $2, timeout_ms = $3, next_run_at = date_trunc('milliseconds', now()) WHERE id = $1`, [
    probe.id,
    timing.intervalMs,
    timing.timeoutMs,
  ]);
  return { backendId: backend.id, probeId: probe.id };
}

export function testScheduler(db: Database, owner: string, extra: Partial<ProbeSchedulerOptions> = {}): ProbeScheduler {
  return new ProbeScheduler({
    sql: db.sql,
    owner,
    pollMinMs: 10,
    pollMaxMs: 50,
    flushDelayMs: 20,
    leaseSlackMs: 300,
    log: { info: () => undefined, error: () => undefined },
    ...extra,
  });
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ResultRow {
  at: number;
  ok: boolean;
  status: number | null;
  errorClass: string | null;
}

export async function resultsOf(db: Database, probeId: string): Promise<ResultRow[]> {
  return db.sql.query<ResultRow>(
    `SELECT (extract(epoch FROM at) * 1000)::float8 AS at, ok, status, error_class AS "errorClass"
     FROM probe_results WHERE probe_id = $1 ORDER BY at, id`,
    [probeId],
  );
}

export async function probeRow(db: Database, probeId: string) {
  const rows = await db.sql.query<{ health: string; leaseOwner: string | null; nextRunAt: number; lastResult: unknown; healthState: { history: string } }>(
    `SELECT health, lease_owner AS "leaseOwner", (extract(epoch FROM next_run_at) * 1000)::float8 AS "nextRunAt",
            last_result AS "lastResult", health_state AS "healthState"
     FROM probes WHERE id = $1`,
    [probeId],
  );
  assert.ok(rows[0], `probe ${probeId} exists`);
  return rows[0];
}
