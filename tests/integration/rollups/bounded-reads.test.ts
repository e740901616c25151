// The reads behind the first paint take shortcuts (lib/rollups): a latency chart of the busiest
// backends reads only theirs, a summary replays the merged sums of a sealed span it read before,
// and reads asked at the same moment share their queries. Each answer must be the one the long
// way gives.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { series, summary } from "@/lib/rollups/queries";
import { writeRollups, type RollupDelta } from "@/lib/rollups/write";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/rollups/levels";

let t: TestDatabase;
after(async () => {
  await t?.cleanup();
});

const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;

/** Backend i: i + 1 requests a minute, its latency around a bucket of its own; `refused`: all refused. */
function minute(bucketMs: number, i: number, refused = false): RollupDelta {
  const requests = i + 1;
  const answered = refused ? 0 : requests;
  return {
    bucketMs,
    sourceId: i % 2 ? "edge" : "core",
    backend: `b${String(i).padStart(2, "0")}`,
    requests,
    errors5xx: requests - answered,
    errors503: requests - answered,
    bytes: 0,
    statusCounts: refused ? { "503": requests } : { "200": requests },
    causeCounts: refused ? { connect_refused: requests } : {},
    handlingCounts: { miss: requests },
    latencyHist: refused ? {} : { [String(40 + i)]: answered - 1, [String(60 + i)]: 1 },
    latencyCount: answered,
    latencySumMs: answered * 10,
  };
}

before(async () => {
  t = await freshDatabase("bounded_reads");
  // Backends 0..9 every 7 minutes over 6 hours; every third backend refuses all in one of those minutes in four.
  const deltas: RollupDelta[] = [];
  for (let m = 1; m <= 6 * 60; m += 7) for (let i = 0; i < 10; i++) deltas.push(minute(now - m * MINUTE_MS, i, i % 3 === 0 && m % 4 === 1));
  await t.db.sql.transaction((tx) => writeRollups(tx, deltas));
});

test("a latency chart of the busiest backends reads only theirs, and answers as the full read does", async () => {
  const range = { from: now - 6 * HOUR_MS, to: now };
  const all = await series(t.db.sql, { ...range, metric: "latency_p95", groupBy: "backend" }, now);
  assert.equal(all.series.length, 10);
  const top = await series(t.db.sql, { ...range, metric: "latency_p95", groupBy: "backend", top: 3 }, now);
  assert.equal(top.omitted, 7);
  // Ranked by how many answers each histogram holds: here the highest-numbered backends.
  assert.deepEqual(
    top.series.map((s) => s.key),
    ["b07", "b08", "b09"],
  );
  for (const line of top.series) assert.deepEqual(line, all.series.find((s) => s.key === line.key), `${line.key} as in the full read`);
  assert.ok(
    top.series.some((s) => (s.failureDominated ?? []).length > 0),
    "the refused minutes of a kept backend are still marked",
  );
  // Again, from the cache: the same answer.
  assert.deepEqual(await series(t.db.sql, { ...range, metric: "latency_p95", groupBy: "backend", top: 3 }, now), top);
});

test("a summary answered again from its merged sealed span is the same, and still sees a late write", async () => {
  const range = { from: now - 2 * DAY_MS - 17 * MINUTE_MS, to: now };
  const first = await summary(t.db.sql, range, now);
  const again = await summary(t.db.sql, range, now);
  assert.deepEqual(again, first);
  assert.ok(Object.keys(first.byBackend).length === 10 && first.byCause.connect_refused! > 0);

  // A backfill into a sealed hour of the range: the next answer counts it.
  const late = minute(now - 3 * HOUR_MS - 30 * MINUTE_MS, 4);
  await t.db.sql.transaction((tx) => writeRollups(tx, [late]));
  const after = await summary(t.db.sql, range, now);
  assert.equal(after.total, first.total + late.requests);
  assert.equal(after.byBackend.b04!.total, first.byBackend.b04!.total + late.requests);
});

test("reads asked at the same moment (a page's charts) answer as each alone", async () => {
  const range = { from: now - 24 * HOUR_MS, to: now };
  const alone = [
    await series(t.db.sql, { ...range, metric: "hit_ratio", groupBy: "none" }, now),
    await series(t.db.sql, { ...range, metric: "origin_fetches", groupBy: "none" }, now),
    await summary(t.db.sql, range, now),
  ];
  const together = await Promise.all([
    series(t.db.sql, { ...range, metric: "hit_ratio", groupBy: "none" }, now),
    series(t.db.sql, { ...range, metric: "origin_fetches", groupBy: "none" }, now),
    summary(t.db.sql, range, now),
  ]);
  assert.deepEqual(together, alone);
});
