// A refused-connection outage through the real corridor (nginx lines -> aggregator -> rollups ->
// series): the failing backend's latency does not drop to the proxy's 1 ms refusals, its outage
// buckets are marked as dominated by failures, and the healthy backend is left alone. Minute,
// hour and day reads of the same data agree on the marks.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { LogAggregator } from "@/lib/ingest/aggregate";
import { bucketToDelta } from "@/lib/observations/requests";
import { series } from "@/lib/rollups/queries";
import { writeRollups } from "@/lib/rollups/write";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const FORMAT = '$remote_addr [$time_local] "$request" $status $body_bytes_sent $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $request_time $proxy_host';

let t: TestDatabase;
after(async () => {
  await t?.cleanup();
});

// Two days ago (sealed at every level), 30 minutes: search answers in ~200 ms, then refuses
// every connection for minutes 10-19 (a trickle of answers in 10 and 19), then recovers.
const start = Math.floor((Date.now() - 2 * DAY_MS) / DAY_MS) * DAY_MS + 10 * 3_600_000;
const OUTAGE = { from: start + 10 * MINUTE_MS, to: start + 20 * MINUTE_MS };
const stamp = (ms: number) => {
  const d = new Date(ms);
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};
const ok = (ms: number, backend: string, sec: number) =>
  `203.0.113.7 [${stamp(ms)}] "GET / HTTP/1.1" 200 10 10.0.0.1:80 200 0.001 ${sec.toFixed(3)} ${(sec + 0.001).toFixed(3)} ${backend}`;
const refused = (ms: number, backend: string) => `203.0.113.7 [${stamp(ms)}] "GET / HTTP/1.1" 502 10 10.0.0.1:80 502 - - 0.001 ${backend}`;

before(async () => {
  t = await freshDatabase("latency_outage");
  const lines: string[] = [];
  for (let m = 0; m < 30; m++) {
    const at = start + m * MINUTE_MS;
    const down = at >= OUTAGE.from && at < OUTAGE.to;
    for (let i = 0; i < 20; i++) {
      const ms = at + i * 2_000;
      lines.push(ok(ms, "shop", 0.05));
      // The edges of the outage still let one request in five through.
      const edge = at === OUTAGE.from || at === OUTAGE.to - MINUTE_MS;
      if (!down || (edge && i % 5 === 0)) lines.push(ok(ms, "search", 0.2));
      else lines.push(refused(ms, "search"));
    }
  }
  const aggregator = new LogAggregator({ kind: "nginx", format: FORMAT, sourceId: "edge" });
  lines.forEach((l, i) => aggregator.addLine(l, i + 1));
  const result = aggregator.result();
  assert.equal(result.rejected, 0, JSON.stringify(result.errors));
  await t.db.sql.transaction((tx) => writeRollups(tx, result.buckets.map((b) => bucketToDelta("edge", b))));
});

test("latency during a refused-connection outage: no faster line, the outage marked", async () => {
  const range = { from: start, to: start + 30 * MINUTE_MS };
  const answer = await series(t.db.sql, { ...range, step: MINUTE_MS, metric: "latency_p95", groupBy: "backend" });
  const search = answer.series.find((s) => s.key === "search");
  const shop = answer.series.find((s) => s.key === "shop");
  assert.ok(search && shop, JSON.stringify(answer.series.map((s) => s.key)));
  const before = search.points.filter(([at]) => at < OUTAGE.from).map(([, v]) => v!);
  const during = search.points.filter(([at]) => at >= OUTAGE.from && at < OUTAGE.to).map(([, v]) => v);
  const floor = Math.min(...before);
  assert.ok(floor > 150, `search answered in ~200 ms before the outage (p95 ${floor})`);
  for (const v of during) assert.ok(v === null || v >= floor * 0.9, `during the outage search never reads faster than before: ${during.join(", ")}`);
  assert.ok(during.slice(1, -1).every((v) => v === null), "minutes with no origin answer have no latency");
  const marked = Array.from({ length: 10 }, (_, i) => OUTAGE.from + i * MINUTE_MS);
  assert.deepEqual(search.failureDominated, marked, "every outage minute is marked (edges too: 80 % refused)");
  assert.deepEqual(shop.failureDominated, [], "the healthy backend has nothing marked");
  assert.ok(shop.points.every(([, v]) => v !== null && v < 60), "shop keeps its 50 ms");

  // A backend that failed every request in range still has a line to carry its marks.
  const outage = await series(t.db.sql, { from: OUTAGE.from + MINUTE_MS, to: OUTAGE.to - MINUTE_MS, step: MINUTE_MS, metric: "latency_p95", groupBy: "backend" });
  const gone = outage.series.find((s) => s.key === "search");
  assert.ok(gone, "search is listed although no request reached it");
  assert.ok(gone.points.every(([, v]) => v === null));
  assert.equal(gone.failureDominated?.length, 8);
});

test("latency marks: one backend, and coarser steps read from hours and days, agree with minutes", async () => {
  const one = await series(t.db.sql, { from: start, to: start + 30 * MINUTE_MS, step: MINUTE_MS, metric: "latency_p99", groupBy: "none", backend: "search" });
  assert.equal(one.series[0]?.failureDominated?.length, 10);
  // A whole day at one-hour steps: the outage is a third of the 10:00 hour's search requests,
  // and a sixth of all of them: not dominated.
  const day = Math.floor(start / DAY_MS) * DAY_MS;
  const hourly = await series(t.db.sql, { from: day, to: day + DAY_MS, step: 3_600_000, metric: "latency_p95", groupBy: "backend" });
  assert.deepEqual(hourly.series.find((s) => s.key === "search")?.failureDominated, []);
  const minutes = await series(t.db.sql, { from: start, to: start + 60 * MINUTE_MS, step: 60 * MINUTE_MS, metric: "latency_p95", groupBy: "backend" });
  const hours = await series(t.db.sql, { from: day, to: day + DAY_MS, step: 3_600_000, metric: "latency_p95", groupBy: "backend" });
  const at10 = (a: typeof hours) => a.series.find((s) => s.key === "search")?.points.find(([at]) => at === start)?.[1];
  assert.equal(at10(minutes), at10(hours), "the 10:00 hour reads the same from minute and hour rows");
  const days = await series(t.db.sql, { from: day, to: day + DAY_MS, step: DAY_MS, metric: "latency_p95", groupBy: "backend" });
  assert.equal(days.resolution, "hour");
  assert.ok((days.series.find((s) => s.key === "search")?.points[0]?.[1] ?? 0) > 150, "the day's p95 is the origin's, not the refusals'");
});
