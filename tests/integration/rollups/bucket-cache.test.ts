// The chart queries cache sealed buckets per process (lib/rollups/bucket-cache.ts); a write that
// lands behind the live edge, a delete and a truncate must show in the very next answer.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { series, summary } from "@/lib/rollups/queries";
import { writeRollups, type RollupDelta } from "@/lib/rollups/write";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("bucket_cache");
});
after(async () => {
  await t?.cleanup();
});

const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
const delta = (bucketMs: number, requests: number, backend = "app"): RollupDelta => ({
  bucketMs,
  sourceId: "src",
  backend,
  requests,
  errors5xx: 1,
  errors503: 0,
  bytes: 0,
  statusCounts: { "200": requests - 1, "502": 1 },
  causeCounts: { backend_reset: 1 },
  handlingCounts: {},
  latencyHist: { "60": requests },
  latencyCount: requests,
  latencySumMs: requests * 30,
});

// 20 days: hour rows, 16-day blocks and days of the summary cache, 2-hour steps of the series.
const range = { from: now - 20 * DAY_MS, to: now };
const total = async () => (await summary(t.db.sql, range, now)).total;
const seriesTotal = async () => {
  const answer = await series(t.db.sql, { ...range, metric: "requests", groupBy: "none" }, now);
  return answer.series.flatMap((s) => s.points).reduce((n, [, v]) => n + (v ?? 0), 0);
};

test("a late write, a delete and a truncate reach the next answer; live writes bump no revision", async () => {
  const old = now - 10 * DAY_MS;
  await t.db.sql.transaction((tx) => writeRollups(tx, [delta(old, 10), delta(old + HOUR_MS, 5), delta(now - 2 * DAY_MS, 7)]));
  assert.equal(await total(), 22);
  assert.equal(await total(), 22, "answered from the cache");
  assert.equal(await seriesTotal(), 22);
  assert.equal(await seriesTotal(), 22, "answered from the cache");

  const revisions = async () => (await t.db.sql.query<{ day: number; revision: string }>("SELECT day, revision::text AS revision FROM rollup_revisions ORDER BY day")).map((r) => `${r.day}:${r.revision}`);
  const before = await revisions();
  await t.db.sql.transaction((tx) => writeRollups(tx, [delta(now - MINUTE_MS, 3)]));
  assert.deepEqual(await revisions(), before, "a write at the live edge bumps nothing");
  assert.equal(await total(), 25);

  // A backfill into a sealed, cached day.
  await t.db.sql.transaction((tx) => writeRollups(tx, [delta(old + 2 * MINUTE_MS, 100)]));
  assert.equal(await total(), 125);
  assert.equal(await seriesTotal(), 125);

  // A cause moved by a late error-log line: the counters stay, the maps change.
  await t.db.sql.transaction((tx) =>
    writeRollups(tx, [{ ...delta(old, 0), errors5xx: 0, statusCounts: {}, latencyHist: {}, latencyCount: 0, latencySumMs: 0, causeCounts: { backend_reset: -1, backend_timeout: 1 } }]),
  );
  const causes = (await summary(t.db.sql, range, now)).byCause;
  assert.equal(causes.backend_timeout, 1);

  const cutoff = (now - 5 * DAY_MS) / 1000;
  await t.db.sql.exec(
    `DELETE FROM rollup_minute WHERE backend = 'app'; DELETE FROM rollup_hour WHERE bucket < to_timestamp(${cutoff}); DELETE FROM rollup_day WHERE bucket < to_timestamp(${cutoff})`,
  );
  assert.equal(await total(), 10);
  assert.equal(await seriesTotal(), 10);

  await t.db.sql.exec("TRUNCATE rollup_day, rollup_hour, rollup_minute");
  assert.equal(await total(), 0);
  assert.equal(await seriesTotal(), 0);
});
