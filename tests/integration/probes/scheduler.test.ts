// The probe scheduler against a real database and real local HTTP origins: Varnish health
// semantics and transition rows, schedule spacing without drift, lease takeover after a killed
// scheduler, and (on PostgreSQL) two schedulers sharing probes without ever running one twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, usingPostgres, type TestDatabase } from "../../helpers/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { claimDueProbes } from "@/lib/probes/claims";
import { applyResult, initialHealthState } from "@/lib/observations/health";
import { startHttpOrigin } from "./support/servers";
import { fastProbe, probeRow, resultsOf, testScheduler, waitFor } from "./support/scheduling";

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("scheduler");
});
after(async () => {
  await t?.cleanup();
});

const bounded = { timeout: 60_000 };
const disable = (probeId: string) => t.db.sql.query(`UPDATE probes SET enabled = false WHERE id = $1`, [probeId]);

test("health follows window/threshold; each healthy<->sick flip writes a transition with the results behind it", bounded, async (c) => {
  let status = 200;
  const origin = await startHttpOrigin((_req, res) => {
    res.statusCode = status;
    res.end();
  });
  c.after(() => origin.close());
  const { probeId, backendId } = await fastProbe(t.db, { url: origin.url("/health") }, { intervalMs: 300, timeoutMs: 250, window: 4, threshold: 3, initial: 2 });
  const scheduler = testScheduler(t.db, "health").start();
  c.after(() => scheduler.stop());

  await waitFor("healthy", async () => (await probeRow(t.db, probeId)).health === "healthy");
  const before = await t.db.prisma.healthTransition.count({ where: { probeId } });
  status = 503;
  await waitFor("sick", async () => (await probeRow(t.db, probeId)).health === "sick");
  status = 200;
  await waitFor("healthy again", async () => (await probeRow(t.db, probeId)).health === "healthy");
  await scheduler.stop();

  const results = await resultsOf(t.db, probeId);
  const transitions = await t.db.prisma.healthTransition.findMany({ where: { probeId }, orderBy: { at: "asc" } });
  assert.deepEqual(
    transitions.slice(before).map((x) => [x.fromState, x.toState, x.backendId]),
    [["healthy", "sick", backendId], ["sick", "healthy", backendId]],
  );
  // Replaying Varnish's register over every recorded result gives exactly the recorded flips.
  let state = initialHealthState({ window: 4, threshold: 3, initial: 2 });
  let health: string = "unknown";
  const replayed: [number, string, string][] = [];
  for (const r of results) {
    const next = applyResult(state, r.ok);
    if (health !== "unknown" && health !== next.status) replayed.push([r.at, health, next.status]);
    state = next.state;
    health = next.status;
  }
  assert.deepEqual(replayed, transitions.map((x) => [x.at.getTime(), x.fromState, x.toState]));
  const toSick = transitions[before]!;
  const tipped = toSick.results as { ok: boolean; status: number | null; errorClass: string | null; at: string }[];
  const upToFlip = results.filter((r) => r.at <= toSick.at.getTime()).length;
  assert.equal(tipped.length, Math.min(4, upToFlip), "the window's results (fewer while the probe is younger than its window)");
  assert.deepEqual(tipped.at(-1), { ...tipped.at(-1), ok: false, status: 503, errorClass: "unexpected_status" });
  assert.equal(new Date(tipped.at(-1)!.at).getTime(), toSick.at.getTime(), "the last of them is the one that tipped it");
  assert.ok(tipped.filter((r) => r.ok).length < 3);

  // The rollup counts exactly what the raw rows hold.
  const [roll] = await t.db.sql.query<{ checks: number; failures: number; cls: number; hist: number }>(
    `SELECT sum(checks)::int AS checks, sum(failures)::int AS failures,
            sum(coalesce((error_classes->>'unexpected_status')::int, 0))::int AS cls,
            sum((SELECT sum(value::int) FROM jsonb_each_text(latency_hist)))::int AS hist
     FROM probe_rollup_minute WHERE probe_id = $1`,
    [probeId],
  );
  const failures = results.filter((r) => !r.ok).length;
  const unexpected = results.filter((r) => r.errorClass === "unexpected_status").length;
  assert.deepEqual(roll, { checks: results.length, failures, cls: unexpected, hist: results.length });
  const probe = await probeRow(t.db, probeId);
  assert.equal(probe.leaseOwner, null, "leases are released once recorded");
  assert.equal((probe.lastResult as { ok: boolean }).ok, true);
  await disable(probeId);
});

test("runs keep to their slots: next_run_at advances by whole intervals and starts do not drift", bounded, async (c) => {
  const origin = await startHttpOrigin((_req, res) => res.end("ok"));
  c.after(() => origin.close());
  const interval = 300;
  const { probeId } = await fastProbe(t.db, { url: origin.url("/") }, { intervalMs: interval, timeoutMs: 250 });
  const firstSlot = (await probeRow(t.db, probeId)).nextRunAt;
  const scheduler = testScheduler(t.db, "spacing").start();
  c.after(() => scheduler.stop());
  await waitFor("10 runs", async () => (await resultsOf(t.db, probeId)).length >= 10);
  await scheduler.stop();

  // How late a run starts is a benchmark figure (npm run bench:probes), not something a test on
  // a shared machine can time; what must hold is that runs never precede their slot and each
  // slot of the original grid is run at most once.
  const starts = (await resultsOf(t.db, probeId)).map((r) => r.at);
  const slots = starts.map((at) => {
    assert.ok(at >= firstSlot, "no run before the first slot");
    return Math.floor((at - firstSlot) / interval);
  });
  for (let k = 1; k < slots.length; k++) assert.ok(slots[k]! > slots[k - 1]!, `one run per slot (slots ${slots.join(",")})`);
  const lastSlot = Math.floor((starts.at(-1)! - firstSlot) / interval);
  assert.ok(starts.length >= lastSlot * 0.7, `${starts.length} runs over ${lastSlot + 1} slots`);
  const next = (await probeRow(t.db, probeId)).nextRunAt;
  assert.equal((next - firstSlot) % interval, 0, "the next slot is a whole number of intervals after the first");
  assert.equal(scheduler.snapshot().dropped, 0);
  await disable(probeId);
});

test("a probe far behind skips the slots it missed instead of running them in a burst", async () => {
  const { probeId } = await fastProbe(t.db, { url: "http://127.0.0.1:9/" }, { intervalMs: 1_000, timeoutMs: 500 });
  const now = Date.now();
  await t.db.sql.query(`UPDATE probes SET next_run_at = to_timestamp($2 / 1000.0) WHERE id = $1`, [probeId, now - 10_500]);
  const claims = (await claimDueProbes(t.db.sql, { owner: "far", nowMs: now, limit: 100, leaseSlackMs: 1_000 })).filter((x) => x.id === probeId);
  assert.equal(claims.length, 1);
  assert.equal(claims[0]!.scheduledMs, now - 10_500);
  assert.equal((await probeRow(t.db, probeId)).nextRunAt, now + 500, "slot +11 intervals: the first one after now");
  assert.equal(claims[0]!.leaseUntilMs, now + 500 + 1_000);
  const again = await claimDueProbes(t.db.sql, { owner: "other", nowMs: now + 100, limit: 100, leaseSlackMs: 1_000 });
  assert.ok(!again.some((x) => x.id === probeId), "a leased probe is not claimed again");
  await disable(probeId);
});

test("a killed scheduler's leased probe is taken over once the lease expires, then runs on schedule", bounded, async (c) => {
  const origin = await startHttpOrigin((_req, res) => res.end("ok"));
  c.after(() => origin.close());
  const interval = 400;
  const { probeId } = await fastProbe(t.db, { url: origin.url("/") }, { intervalMs: interval, timeoutMs: 200 });
  // The "killed" scheduler claims it (lease 200 + 600 ms) and never records anything.
  const slack = 600;
  const claimedAt = Date.now();
  const [dead] = (await claimDueProbes(t.db.sql, { owner: "killed", nowMs: claimedAt, limit: 100, leaseSlackMs: slack })).filter((x) => x.id === probeId);
  assert.ok(dead);
  const survivor = testScheduler(t.db, "survivor").start();
  c.after(() => survivor.stop());
  const [first] = await waitFor("the takeover run", async () => {
    const rows = await resultsOf(t.db, probeId);
    return rows.length > 0 ? rows : undefined;
  });
  assert.ok(first!.at >= dead.leaseUntilMs, `not before the lease ends (${first!.at - dead.leaseUntilMs} ms)`);
  assert.ok(first!.at - dead.scheduledMs <= interval + (200 + slack) + 150, `within interval + lease (${first!.at - dead.scheduledMs} ms)`);
  await waitFor("two more runs", async () => (await resultsOf(t.db, probeId)).length >= 3);
  await survivor.stop();
  assert.equal((await probeRow(t.db, probeId)).leaseOwner, null);
  await disable(probeId);
});

test("recording checks the lease: a result for a probe someone else now holds is dropped", async () => {
  const { probeId } = await fastProbe(t.db, { url: "http://127.0.0.1:9/" }, { intervalMs: 1_000, timeoutMs: 500 });
  const { recordProbeResults } = await import("@/lib/observations/probes");
  await t.db.sql.query(`UPDATE probes SET lease_owner = 'b', lease_until = now() + interval '1 minute' WHERE id = $1`, [probeId]);
  const result = { ok: true, at: Date.now(), durationMs: 3 };
  const out = await t.db.sql.transaction((tx) => recordProbeResults(tx, [{ probeId, result }], { leaseOwner: "a" }));
  assert.deepEqual(out, { recorded: 0, dropped: [probeId], transitions: [] });
  const kept = await t.db.sql.transaction((tx) => recordProbeResults(tx, [{ probeId, result: { ...result, signals: { accepts: 5 } } }], { leaseOwner: "b" }));
  assert.equal(kept.recorded, 1);
  assert.equal((await probeRow(t.db, probeId)).leaseOwner, null);
  await t.db.sql.query(`UPDATE probes SET next_run_at = now() - interval '1 second' WHERE id = $1`, [probeId]);
  const [claim] = (await claimDueProbes(t.db.sql, { owner: "c", nowMs: Date.now(), limit: 100, leaseSlackMs: 500 })).filter((x) => x.id === probeId);
  assert.deepEqual(claim?.previous, { accepts: 5 }, "the last result's signals come back for counter deltas");
  await disable(probeId);
});

test("a database that fails does not crash the scheduler, and stop() still returns", async () => {
  const broken = {
    ...t.db.sql,
    query: async () => {
      throw new Error("connection refused");
    },
  };
  const scheduler = testScheduler({ ...t.db, sql: broken }, "broken").start();
  await waitFor("a failed claim", async () => scheduler.snapshot().claimFailures > 0);
  await scheduler.stop();
});

test("two schedulers on one PostgreSQL database never run a probe twice", { ...bounded, skip: usingPostgres() ? false : "needs PostgreSQL: the embedded database serves one process, so there is no second scheduler to race" }, async (c) => {
  // The origin answers after 100 ms and notes, per probe, every start and any overlap.
  const hits = new Map<string, number[]>();
  const active = new Map<string, number>();
  let overlaps = 0;
  const origin = await startHttpOrigin((req, res) => {
    const path = req.url ?? "";
    hits.set(path, [...(hits.get(path) ?? []), Date.now()]);
    if ((active.get(path) ?? 0) > 0) overlaps += 1;
    active.set(path, (active.get(path) ?? 0) + 1);
    setTimeout(() => {
      active.set(path, active.get(path)! - 1);
      res.end("ok");
    }, 100);
  });
  c.after(() => origin.close());
  const interval = 1_000;
  const probes = [];
  for (let i = 0; i < 30; i++) probes.push(await fastProbe(t.db, { url: origin.url(`/p${i}`) }, { intervalMs: interval, timeoutMs: 500 }));
  const second: Database = await openDatabase(t.config, { purpose: "second scheduler", migrate: false });
  c.after(() => second.close());
  const a = testScheduler(t.db, "A").start();
  const b = testScheduler(second, "B").start();
  await new Promise((r) => setTimeout(r, 6_000));
  await Promise.all([a.stop(), b.stop()]);

  assert.equal(overlaps, 0, "no probe ran while its previous run was still going");
  for (let i = 0; i < probes.length; i++) {
    const times = (hits.get(`/p${i}`) ?? []).sort((x, y) => x - y);
    assert.ok(times.length >= 4, `probe ${i} ran ${times.length} times`);
    // One run per slot: never more runs than slots between the first and the last (the first
    // may start late, hence one extra), whatever the event loop did to start times.
    const slots = Math.floor((times.at(-1)! - times[0]!) / interval) + 2;
    assert.ok(times.length <= slots, `probe ${i} ran ${times.length} times in ${slots} slots`);
    const recorded = await resultsOf(t.db, probes[i]!.probeId);
    assert.equal(recorded.length, times.length, "every run recorded once");
  }
  assert.ok(a.snapshot().recorded > 0 && b.snapshot().recorded > 0, "both schedulers took a share");
  for (const p of probes) await disable(p.probeId);
});
