// A backend_timeout incident whose database is locked: the postgres probe reads a real lock wait
// on the local PostgreSQL (a session holding ACCESS EXCLUSIVE, another waiting on it), its result
// is stored inside the incident's window, and the incident then tells it on its timeline and puts
// the database checklist first, ahead of the deploy just before.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Database } from "@/lib/db/client";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { getIncident, listIncidents } from "@/lib/incidents/read";
import { runProbe } from "@/lib/probes/kinds/registry";
import type { ProbeResult } from "@/lib/probes/types";
import { ingest, owner } from "../alerts/support";
import { probeContext } from "../probes/support/servers";
import { haproxyLines, haproxySource } from "./support";

const PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres";
const MIN = 60_000;
const suffix = randomBytes(4).toString("hex");
const role = `ow_dep_${suffix}`;
const table = `ow_dep_lock_${suffix}`;
const admin = new pg.Pool({ connectionString: PG_ADMIN, max: 3 });
let t: TestDatabase;
let db: Database;

before(async () => {
  t = await freshDatabase("incident_dependency");
  db = t.db;
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'probe-pw' IN ROLE pg_monitor`);
  await admin.query(`CREATE TABLE ${table} (id int)`);
});
after(async () => {
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ow-dep-test-${suffix}'`).catch(() => undefined);
  await admin.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
  await admin.end();
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

/** The postgres probe's reading while one session holds a lock that another waits on for a while. */
async function readLockWait(url: string): Promise<ProbeResult> {
  const holder = new pg.Client({ connectionString: PG_ADMIN, application_name: `ow-dep-test-${suffix}` });
  const waiter = new pg.Client({ connectionString: PG_ADMIN, application_name: `ow-dep-test-${suffix}` });
  await Promise.all([holder.connect(), waiter.connect()]);
  try {
    await holder.query("BEGIN");
    await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    const waiting = waiter.query(`SELECT count(*) FROM ${table}`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2_200));
    const result = await runProbe("postgres", { url, longQuerySeconds: 30 }, probeContext(5_000));
    await holder.query("ROLLBACK");
    await waiting;
    return result;
  } finally {
    await Promise.all([holder.end(), waiter.end()].map((p) => p.catch(() => undefined)));
  }
}

test("a locked database shows on the backend_timeout incident's timeline and puts its checklist first", { timeout: 90_000 }, async () => {
  const limits = limitsFromRetention({ minuteDays: 30 });
  await createRule(db.prisma, owner, { name: "5xx over 20%", kind: "error_rate", scope: {}, config: { status: "5xx", above: 20, window: "5m", minRequests: 10 }, for: "0s", keepFiringFor: "2m", severity: "critical" }, limits);
  const lb = await haproxySource(db, "lb-1");
  const backend = await db.prisma.backend.create({ data: { name: "orders", firstByteTimeoutMs: 1000 } });
  const url = `postgresql://${role}:probe-pw@127.0.0.1:5432/postgres`;
  const probe = await db.prisma.probe.create({ data: { backendId: backend.id, kind: "postgres", config: { url, longQuerySeconds: 30 }, enabled: false } });

  const reading = await readLockWait(url);
  assert.equal(reading.ok, true, reading.message);
  assert.ok(Number(reading.signals?.lockWaits) >= 1 && reading.signals?.saturated === true, JSON.stringify(reading.signals));

  const at = Math.floor(Date.now() / MIN) * MIN - 20 * MIN;
  await db.prisma.event.create({ data: { type: "deploy", title: "orders v3.1.0", at: new Date(at - 4 * MIN), backend: "orders" } });
  await ingest(db, lb, haproxyLines("ok", "orders", at - 3 * MIN, 50));
  await ingest(db, lb, haproxyLines("slow", "orders", at, 30));
  // The probe's reading, stamped 20 s into the incident (as the scheduler would have stored it then).
  const seenAt = at + 20_000;
  const { ok, errorClass, status, durationMs, phases, signals, message, summary } = reading;
  await db.prisma.probeResult.create({ data: { probeId: probe.id, at: new Date(seenAt), ok, errorClass, status, durationMs, phases: { ...phases }, signals, message, summary } });
  await evaluateRules(db.sql, { at: at + 30_000 });

  const [inc] = await listIncidents(db.sql, { backend: "orders", limit: 10 });
  assert.ok(inc, "an incident opened");
  const detail = await getIncident(db.sql, inc.id, at + 60_000);
  const entry = detail.timeline.find((e) => e.kind === "dependency");
  assert.ok(entry, detail.timeline.map((e) => e.kind).join(","));
  assert.equal(entry.at, new Date(seenAt).toISOString());
  // The probe sees the whole server: on a shared PostgreSQL, other databases' long queries may be
  // named after the lock (", 1 query running up to 152 s").
  assert.match(entry.message, /^\d+ quer(y|ies) waiting on a lock for \d+ s(, [^,]+)* on 127\.0\.0\.1$/);
  assert.equal(entry.data.dependency, "127.0.0.1");
  assert.deepEqual(detail.checklists.slice(0, 2).map((c) => c.slug), ["slow-origin", "roll-back"]);
  assert.match(detail.checklists[0]!.reason, /waiting on a lock .* on 127\.0\.0\.1: the database is in trouble, so its checklist comes first/);
});
