// Day rollups (rollup_day) serve the whole days of long reads. Whatever rows a read picks, the
// answer must be the one the minutes give: checked here against sums of the written deltas.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { SEAL_MS } from "@/lib/rollups/levels";
import { repairDayRollups } from "@/lib/rollups/day-repair";
import { series, summary } from "@/lib/rollups/queries";
import type { SparseCounts } from "@/lib/rollups/sparse";
import { writeRollups, type RollupDelta } from "@/lib/rollups/write";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

let t: TestDatabase;
after(async () => {
  await t?.cleanup();
});

const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const BACKENDS = ["api", "shop"];

// 1,500 random minutes over the last 12 days, some of them repeated (a later batch adding to a minute).
const deltas: RollupDelta[] = Array.from({ length: 1500 }, (): RollupDelta => {
  const requests = 1 + Math.floor(random() * 50);
  const errors = Math.floor(random() * Math.min(requests, 4));
  const statusCounts: SparseCounts = errors > 0 ? { "200": requests - errors, "503": errors } : { "200": requests };
  return {
    bucketMs: now - Math.floor(random() * 12 * 24 * 60) * MINUTE_MS,
    sourceId: "src",
    backend: BACKENDS[Math.floor(random() * BACKENDS.length)]!,
    requests,
    errors5xx: errors,
    errors503: errors,
    bytes: requests * 100,
    statusCounts,
    causeCounts: errors > 0 ? { backend_timeout: errors } : {},
    handlingCounts: {},
    latencyHist: { [String(40 + Math.floor(random() * 40))]: requests },
    latencyCount: requests,
    latencySumMs: requests * 20,
  };
});

/** What the minutes say about [from, to). */
function truth(fromMs: number, toMs: number) {
  const inside = deltas.filter((d) => d.bucketMs >= fromMs && d.bucketMs < toMs);
  const byBackend: Record<string, number> = {};
  let total = 0;
  let errors = 0;
  for (const d of inside) {
    total += d.requests;
    errors += d.errors5xx;
    byBackend[d.backend] = (byBackend[d.backend] ?? 0) + d.requests;
  }
  return { total, errors, byBackend };
}

before(async () => {
  t = await freshDatabase("day_rollups");
  for (let i = 0; i < deltas.length; i += 300) {
    const batch = deltas.slice(i, i + 300);
    await t.db.sql.transaction((tx) => writeRollups(tx, batch));
  }
});

test("day rows hold the sums of their minutes", async () => {
  const rows = await t.db.sql.query<{ n: number; requests: number }>("SELECT count(*)::int AS n, sum(requests)::float8 AS requests FROM rollup_day");
  assert.ok(rows[0]!.n >= 12 && rows[0]!.n <= 13 * BACKENDS.length, `one row per day and backend, got ${rows[0]!.n}`);
  assert.equal(rows[0]!.requests, truth(-Infinity, Infinity).total);
});

test("summaries over ragged ranges of days give what the minutes give", async () => {
  const ranges: [number, number][] = [[now - 12 * DAY_MS, now + MINUTE_MS]];
  for (let i = 0; i < 12; i++) {
    const from = now - Math.floor(random() * 11 * 24 * 60) * MINUTE_MS;
    ranges.push([from, Math.min(now + MINUTE_MS, from + (1 + Math.floor(random() * 6 * 24 * 60)) * MINUTE_MS)]);
  }
  for (const [from, to] of ranges) {
    const answer = await summary(t.db.sql, { from, to }, now);
    // The answer says which edges it snapped the range to.
    const expected = truth(Date.parse(answer.from), Date.parse(answer.to));
    const what = `${answer.from} .. ${answer.to} (${answer.resolution})`;
    assert.equal(answer.total, expected.total, what);
    assert.equal(answer.byCause.backend_timeout ?? 0, expected.errors, what);
    for (const backend of BACKENDS) assert.equal(answer.byBackend[backend]?.total ?? 0, expected.byBackend[backend] ?? 0, `${what} ${backend}`);
  }
});

test("series with steps of whole days read day rows and match the minutes, like steps of hours", async () => {
  for (const step of [DAY_MS, 2 * DAY_MS, 6 * HOUR_MS]) {
    const answer = await series(t.db.sql, { from: now - 12 * DAY_MS, to: now, step, metric: "requests", groupBy: "backend" }, now);
    assert.equal(answer.stepMs, step);
    for (const s of answer.series) {
      for (const [at, value] of s.points) assert.equal(value ?? 0, truth(at, at + step).byBackend[s.key] ?? 0, `${s.key} at ${new Date(at).toISOString()}, step ${step}`);
    }
  }
});

test("day rows that miss what a process without day rollups wrote are rebuilt once their day is sealed", async () => {
  assert.equal((await repairDayRollups(t.db.sql, now)).rebuilt, 0, "day rows written with their hours need nothing");
  const lastSealedDay = Math.floor((now - SEAL_MS.day) / DAY_MS) * DAY_MS - DAY_MS;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  // An old process: minutes and hours, no days. Here: write all three, then take the day's share back out.
  const late: RollupDelta = { ...deltas[0]!, bucketMs: lastSealedDay + 5 * HOUR_MS, backend: "api", requests: 1000, latencyCount: 1000 };
  await t.db.sql.transaction((tx) => writeRollups(tx, [late]));
  await t.db.sql.query(`UPDATE rollup_day SET requests = requests - 1000 WHERE bucket = to_timestamp($1::float8 / 1000) AND backend = 'api'`, [lastSealedDay]);
  deltas.push(late);
  // A day row gone altogether, and one of today (still open: not checked, ingest may be mid-write).
  const current: RollupDelta = { ...deltas[0]!, bucketMs: now, backend: "shop" };
  await t.db.sql.transaction((tx) => writeRollups(tx, [current]));
  deltas.push(current);
  await t.db.sql.query(`DELETE FROM rollup_day WHERE bucket = to_timestamp($1::float8 / 1000) AND backend = 'shop'`, [lastSealedDay - DAY_MS]);
  await t.db.sql.query(`UPDATE rollup_day SET requests = requests + 1 WHERE bucket = to_timestamp($1::float8 / 1000) AND backend = 'shop'`, [today]);

  const report = await repairDayRollups(t.db.sql, now);
  assert.equal(report.rebuilt, 2, JSON.stringify(report));
  assert.equal(report.to, new Date(lastSealedDay).toISOString().slice(0, 10));
  const sealedRange = { from: lastSealedDay - 2 * DAY_MS, to: lastSealedDay + DAY_MS };
  const answer = await summary(t.db.sql, sealedRange, now);
  assert.equal(answer.total, truth(sealedRange.from, sealedRange.to).total, "the sealed days add up again");
  const open = await t.db.sql.query<{ n: number }>(`SELECT requests::int AS n FROM rollup_day WHERE bucket = to_timestamp($1::float8 / 1000) AND backend = 'shop'`, [today]);
  assert.equal(open[0]?.n, (truth(today, today + DAY_MS).byBackend.shop ?? 0) + 1, "today's row is left alone");
  assert.equal((await repairDayRollups(t.db.sql, now)).rebuilt, 0, "and a second check finds nothing");
});

test("series by backend with top: the busiest backends, and how many were left out", async () => {
  const range = { from: now - 12 * DAY_MS, to: now };
  const all = truth(range.from - DAY_MS, range.to + DAY_MS).byBackend;
  const [busiest, quieter] = Object.keys(all).sort((a, b) => (all[b] ?? 0) - (all[a] ?? 0));
  for (const metric of ["requests", "latency_p95", "error_rate"] as const) {
    const one = await series(t.db.sql, { ...range, metric, groupBy: "backend", top: 1 }, now);
    assert.deepEqual(one.series.map((s) => s.key), [busiest], metric);
    assert.equal(one.omitted, 1, metric);
    const both = await series(t.db.sql, { ...range, metric, groupBy: "backend", top: 5 }, now);
    assert.deepEqual(both.series.map((s) => s.key).sort(), [busiest, quieter].sort(), metric);
    assert.equal(both.omitted, 0, metric);
  }
  const without = await series(t.db.sql, { ...range, metric: "requests", groupBy: "backend" }, now);
  assert.equal(without.omitted, undefined, "no top, no omitted");
});
