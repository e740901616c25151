// Rules over ingested nginx lines, end to end through the rollups: fire and recover, restart,
// two evaluators at once, silences, late data, and the after-commit hook's latency.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, usingPostgres, type TestDatabase } from "../../helpers/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import type { IngestSource } from "@/lib/sources/sources";
import { BACKEND, ingest, instanceState, lines, nginxSource, owner, transitions } from "./support";

const limits = limitsFromRetention({ minuteDays: 30 });
let t: TestDatabase;
let db: Database;
let src: IngestSource;
before(async () => {
  t = await freshDatabase("alerts");
  db = t.db;
  src = await nginxSource(db);
});
after(async () => {
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

const rule = (name: string, extra: Record<string, unknown> = {}) =>
  createRule(db.prisma, owner, {
    name,
    kind: "error_rate",
    scope: { backend: BACKEND },
    config: { status: "5xx", above: 5, window: "5m", minRequests: 20 },
    for: "0s",
    keepFiringFor: "0s",
    severity: "critical",
    ...extra,
  }, limits);

// Every test works in its own minutes, well apart, so windows never overlap across tests.
const minute = (n: number) => Math.floor(Date.now() / 60_000) * 60_000 - n * 60_000;

test("a rule over ingested lines fires when 5xx pass the threshold and recovers when they fall back", async () => {
  const r = await rule("fire and recover");
  const base = Date.now() - 20_000;
  await ingest(db, src, lines(base, 200, 10));
  await evaluateRules(db.sql, { at: base + 1000 });
  assert.equal(await instanceState(db, r.id), "normal", "10 requests: too few to judge");

  await ingest(db, src, lines(base, 503, 30));
  await evaluateRules(db.sql, { at: base + 2000 });
  assert.equal(await instanceState(db, r.id), "firing");

  await ingest(db, src, lines(base, 200, 1000));
  await evaluateRules(db.sql, { at: base + 3000 });
  assert.equal(await instanceState(db, r.id), "normal");
  const got = await transitions(db, r.id);
  assert.deepEqual(got.map((x) => `${x.from}->${x.to}`), ["normal->firing", "firing->normal"]);
  assert.equal(got[0].at, base + 2000, "stamped with the evaluation's event time");
  assert.equal(got[0].value, 75, "30 of 40 requests");
  assert.equal(got[0].threshold, 5);
  assert.ok(got.every((x) => !x.backfilled && !x.silenced));
  // Cleanup for the next tests: this rule has done its job.
  await db.prisma.alertRule.update({ where: { id: r.id }, data: { enabled: false } });
});

test("a restart keeps pending and firing state and repeats no transition; two evaluators write each transition once", async () => {
  const firing = await rule("restart firing", { scope: { backend: "restart-a" } });
  const pending = await rule("restart pending", { scope: { backend: "restart-a" }, for: "10m" });
  const at = minute(0) + 5_000;
  await ingest(db, src, lines(at - 4000, 503, 40, "restart-a"));
  // Two evaluations at once, a millisecond apart (on PostgreSQL: a second worker with its own
  // connection pool). Without the per-rule lock both would start from "normal" and each write
  // its own transition; with it the second starts from the state the first wrote.
  const other = usingPostgres() ? await openDatabase(t.config, { purpose: "second worker" }) : db;
  try {
    await Promise.all([evaluateRules(db.sql, { at }), evaluateRules(other.sql, { at: at + 1 })]);
  } finally {
    if (other !== db) await other.close();
  }
  assert.equal((await transitions(db, firing.id)).length, 1);
  assert.equal((await transitions(db, pending.id)).length, 1);

  await db.close();
  db = await openDatabase(t.config, { purpose: "alerts restart" });
  assert.equal(await instanceState(db, firing.id, "restart-a"), "firing");
  assert.equal(await instanceState(db, pending.id, "restart-a"), "pending");
  await evaluateRules(db.sql, { at: at + 1000 });
  await evaluateRules(db.sql, { at: at + 1000 });
  assert.deepEqual((await transitions(db, firing.id)).map((x) => x.to), ["firing"], "nothing repeated after the restart");
  assert.deepEqual((await transitions(db, pending.id)).map((x) => x.to), ["pending"], "pending still counts from its start");
  await db.prisma.alertRule.updateMany({ where: { id: { in: [firing.id, pending.id] } }, data: { enabled: false } });
});

test("a silence covering the instance marks its transitions silenced (they are still written)", async () => {
  const r = await rule("silenced", { scope: { backend: "silenced-b" } });
  await db.sql.query(
    `INSERT INTO silences (id, kind, starts_at, ends_at, matchers, comment, author_name)
     VALUES ('s1', 'once', now() - interval '1 hour', now() + interval '1 hour', '{"backends": ["silenced-b"]}', 'deploy', 'test')`,
  );
  const at = Date.now();
  await ingest(db, src, lines(at - 3000, 503, 40, "silenced-b"));
  await evaluateRules(db.sql, { at });
  const got = await transitions(db, r.id);
  assert.deepEqual(got.map((x) => [x.to, x.silenced]), [["firing", true]]);
  await db.prisma.alertRule.update({ where: { id: r.id }, data: { enabled: false } });
});

test("late data replays the minutes it lands in: yesterday's transitions, flagged backfilled", async () => {
  const r = await rule("late", { scope: { backend: "late-c" } });
  const evaluator = startAlertEvaluator({ sql: db.sql, gatherMs: 10 });
  try {
    const old = minute(180); // three hours ago: far outside the 5m live window
    await ingest(db, src, [...lines(old + 10_000, 503, 30, "late-c"), ...lines(old + 70_000, 200, 100, "late-c")]);
    await evaluator.idle();
  } finally {
    await evaluator.stop();
  }
  const got = await transitions(db, r.id);
  const old = minute(180);
  assert.ok(got.length >= 2, JSON.stringify(got));
  assert.deepEqual(got.slice(0, 2).map((x) => [x.to, x.at, x.backfilled]), [
    ["firing", old + 60_000, true],
    // Resolved once the 503 minute has left the 5m window (the 200s after it still count).
    ["normal", old + 360_000, true],
  ]);
  assert.equal(await instanceState(db, r.id, "late-c"), "normal", "the live state is not rewound");
  await db.prisma.alertRule.update({ where: { id: r.id }, data: { enabled: false } });
});

test("no_data: a backend that sent traffic and went silent fires; one that speaks again resolves", async () => {
  const r = await createRule(db.prisma, owner, { name: "silent", kind: "no_data", scope: { backend: "quiet-e" }, config: { silentFor: "10m" }, severity: "warning" }, limits);
  await ingest(db, src, lines(minute(20) + 5_000, 200, 5, "quiet-e"));
  await evaluateRules(db.sql, { at: Date.now() });
  const [fired] = await transitions(db, r.id);
  assert.equal(fired?.to, "firing");
  assert.equal(fired.threshold, 600);
  assert.ok(fired.value! >= 19 * 60 && fired.value! <= 20 * 60, `silent since the end of its last minute (${fired.value} s)`);
  await ingest(db, src, lines(Date.now() - 1000, 200, 1, "quiet-e"));
  await evaluateRules(db.sql, { at: Date.now() });
  assert.equal(await instanceState(db, r.id, "quiet-e"), "normal");
  await db.prisma.alertRule.update({ where: { id: r.id }, data: { enabled: false } });
});

test("a batch that pushes a backend over a for: 0s rule has a persisted firing transition within 5 s", async () => {
  const r = await rule("fast", { scope: { backend: "fast-d" } });
  const evaluator = startAlertEvaluator({ sql: db.sql });
  try {
    const started = Date.now();
    await ingest(db, src, lines(started - 2000, 503, 40, "fast-d"));
    let got: Awaited<ReturnType<typeof transitions>> = [];
    while (Date.now() - started < 5000) {
      got = await transitions(db, r.id);
      if (got.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(got.map((x) => x.to), ["firing"], "a firing transition within 5 s of the batch");
    assert.ok(Date.now() - started < 5000);
  } finally {
    await evaluator.stop();
  }
});
