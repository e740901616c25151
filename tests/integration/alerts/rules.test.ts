// The create action (channel ids checked against the database, roles) and rules fed by probes:
// probe results reach rule evaluation through the same after-commit hook as ingested lines.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import { createBackend } from "@/lib/backends/backends";
import { createProbe } from "@/lib/backends/probes";
import { recordProbeResults } from "@/lib/observations/probes";
import { onObservationsCommitted, type TouchedMinutes } from "@/lib/observations/published";
import { isAppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/permissions";
import { owner, transitions } from "./support";

const limits = limitsFromRetention({ minuteDays: 30 });
const viewer: Actor = { kind: "token", id: "t1", name: "read", role: "viewer" };
let t: TestDatabase;
before(async () => {
  t = await freshDatabase("alert-rules");
});
after(async () => {
  await t?.cleanup();
});

const input = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: "error_rate",
  scope: {},
  config: { status: "5xx", above: 5, window: "5m", minRequests: 20 },
  for: "0s",
  keepFiringFor: "2m",
  severity: "critical",
  ...extra,
});

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err: unknown) => err);
  assert.ok(isAppError(e), "an AppError");
  return e;
}

test("channel ids must exist; the rule answers as the contract writes it", async () => {
  const e = await refusal(createRule(t.db.prisma, owner, input("no such channel", { channels: ["nope"] }), limits));
  assert.equal(e.code, "bad_request");
  assert.deepEqual(e.fields?.map((f) => f.path), ["channels.0"]);
  await t.db.sql.query(`INSERT INTO notification_channels (id, name, kind, config, updated_at) VALUES ('ch1', 'ops', 'webhook', '{}', now())`);
  const rule = await createRule(t.db.prisma, owner, input("5xx over 5%", { channels: ["ch1"] }), limits);
  assert.ok(rule.id);
  assert.deepEqual(
    { name: rule.name, kind: rule.kind, scope: rule.scope, config: rule.config, for: rule.for, keepFiringFor: rule.keepFiringFor, severity: rule.severity, channels: rule.channels },
    { ...input("5xx over 5%"), channels: ["ch1"] },
  );
  assert.equal((await refusal(createRule(t.db.prisma, owner, input("5xx over 5%"), limits))).code, "conflict");
  assert.equal((await refusal(createRule(t.db.prisma, viewer, input("viewer's rule"), limits))).code, "forbidden");
  const negative = await refusal(createRule(t.db.prisma, owner, input("bad", { name: "", config: { above: -1, window: "5m" } }), limits));
  assert.deepEqual(negative.fields?.map((f) => f.path).sort(), ["config.above", "name"]);
  const long = await refusal(createRule(t.db.prisma, owner, input("long", { config: { above: 5, window: "90d" } }), limits));
  assert.deepEqual(long.fields?.map((f) => f.path), ["config.window"]);
  assert.match(long.message, /longer than the 30d of minute rollups kept/);
});

test("probe results reach probe_health and capacity rules through the after-commit hook", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "php-pool" });
  const http = await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.3", port: 80 }, window: 3, threshold: 2, initial: 1 });
  const fpm = await createProbe(t.db.prisma, owner, backend.id, { kind: "phpfpm", config: { url: "http://10.0.0.3/status" } });
  const sick = await createRule(t.db.prisma, owner, input("sick 3 checks", { kind: "probe_health", config: { mode: "sick", checks: 3 }, keepFiringFor: "0s" }), limits);
  const queue = await createRule(t.db.prisma, owner, input("fpm queue", { kind: "capacity", config: { signal: "listen_queue", above: 0, window: "5m" } }), limits);
  const evaluator = startAlertEvaluator({ sql: t.db.sql, gatherMs: 10 });
  try {
    const now = Date.now();
    const fail = (i: number) => ({ probeId: http.id, result: { ok: false, at: now - 3000 + i * 1000, durationMs: 2, errorClass: "connect_refused" as const } });
    await t.db.sql.transaction((tx) => recordProbeResults(tx, [fail(0), fail(1)]));
    await evaluator.idle();
    assert.deepEqual(await transitions(t.db, sick.id), [], "two failures are not three");
    await t.db.sql.transaction((tx) => recordProbeResults(tx, [fail(2), { probeId: fpm.id, result: { ok: true, at: now, durationMs: 3, signals: { listen_queue: 4 } } }]));
    await evaluator.idle();
  } finally {
    await evaluator.stop();
  }
  const s = await transitions(t.db, sick.id);
  assert.deepEqual(s.map((x) => [x.instance, x.to, x.value, x.threshold]), [["php-pool", "firing", 3, 3]]);
  const q = await transitions(t.db, queue.id);
  assert.deepEqual(q.map((x) => [x.instance, x.to, x.value, x.threshold]), [["php-pool", "firing", 4, 0]]);
});

test("the after-commit hook publishes what a committed batch touched, and nothing for a rolled-back one", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "hooked" });
  const probe = await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.9", port: 80 } });
  const seen: TouchedMinutes[] = [];
  const stop = onObservationsCommitted((touched) => seen.push(touched));
  try {
    const at = Date.UTC(2026, 11, 7, 10, 15, 30);
    const run = { probeId: probe.id, result: { ok: true, at, durationMs: 1 } };
    await t.db.sql
      .transaction(async (tx) => {
        await recordProbeResults(tx, [run]);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    assert.deepEqual(seen, [], "nothing published for a rollback");
    await t.db.sql.transaction((tx) => recordProbeResults(tx, [run]));
    assert.deepEqual(seen, [{ origin: "probes", backends: [], backendIds: [backend.id], minutes: [Date.UTC(2026, 11, 7, 10, 15)] }]);
  } finally {
    stop();
  }
});
