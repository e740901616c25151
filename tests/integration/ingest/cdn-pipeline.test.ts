// CDN sources end to end below HTTP: Logpush records → causes and cache rollups → the series the
// Cache chart reads (embedded, or PostgreSQL with DATABASE_URL).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createSource, sourceFromToken, type IngestSource } from "@/lib/sources/sources";
import { ingestBatch } from "@/lib/ingest/intake";
import { series, summary } from "@/lib/rollups/queries";
import { SeriesQuery } from "@/lib/rollups/schemas";
import type { Actor } from "@/lib/auth/permissions";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const base = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;
const MIN = 60_000;

/** One Logpush http_requests record (unixnano timestamps, Logpush's default). */
function record(atMs: number, status: number, cache: string, origin: number, host = "shop.example"): string {
  return JSON.stringify({
    EdgeStartTimestamp: atMs * 1e6,
    EdgeResponseStatus: status,
    OriginResponseStatus: origin,
    CacheCacheStatus: cache,
    ClientRequestHost: host,
    ClientRequestMethod: "GET",
    ClientRequestURI: "/p",
    ClientIP: "192.0.2.1",
    EdgeTimeToFirstByteMs: 12,
  });
}

let t: TestDatabase;
let src: IngestSource;
before(async () => {
  t = await freshDatabase("cdn");
  const created = await createSource(t.db.prisma, owner, { name: "cf-edge", kind: "cloudflare" });
  assert.equal(created.format, null, "no format: the preset");
  src = (await sourceFromToken(t.db.prisma, created.token))!;
});
after(async () => {
  await t?.cleanup();
});

test("Cloudflare 52x land in their causes; the origin's own 5xx is backend_error", async () => {
  const lines = [
    record(base + 1000, 521, "miss", 0),
    record(base + 2000, 522, "miss", 0),
    record(base + 3000, 524, "miss", 0),
    record(base + 4000, 525, "miss", 0),
    record(base + 5000, 523, "miss", 0),
    record(base + 6000, 503, "dynamic", 503),
    record(base + 7000, 200, "hit", 0),
  ];
  const answer = await ingestBatch(t.db, src, lines);
  assert.deepEqual(answer, { accepted: 7, rejected: 0, errors: [] });
  const s = await summary(t.db.sql, { from: base, to: base + MIN, sourceId: src.id });
  assert.deepEqual(s.byCause, { connect_refused: 1, connect_timeout: 1, backend_timeout: 1, tls_error: 1, dns_error: 1, backend_error: 1 });
  assert.deepEqual(Object.keys(s.byBackend), ["shop.example"]);
});

test("a purge: the hit ratio collapses and origin fetches jump, per minute, in /series", async () => {
  const lines: string[] = [];
  // Minutes 2-4: a warm cache (9 hits, 1 miss a minute); minute 5, after the purge: 10 fetches.
  for (const minute of [2, 3, 4]) for (let i = 0; i < 10; i++) lines.push(record(base + minute * MIN + i * 1000, 200, i === 0 ? "miss" : "hit", i === 0 ? 200 : 0));
  for (let i = 0; i < 10; i++) lines.push(record(base + 5 * MIN + i * 1000, 200, i % 2 ? "expired" : "miss", 200));
  lines.push(record(base + 5 * MIN + 30_000, 200, "bypass", 200));
  await ingestBatch(t.db, src, lines);

  const q = (metric: string) => SeriesQuery.parse({ from: String(base + 2 * MIN), to: String(base + 6 * MIN), metric, step: "1m" });
  const ratio = await series(t.db.sql, { ...q("hit_ratio"), sourceId: src.id });
  assert.equal(ratio.unit, "ratio");
  assert.deepEqual(ratio.series.map((x) => [x.key, x.points.map(([, v]) => v)]), [["all", [0.9, 0.9, 0.9, 0]]]);
  const fetches = await series(t.db.sql, { ...q("origin_fetches"), sourceId: src.id });
  assert.deepEqual(fetches.series[0]!.points.map(([, v]) => v), [1, 1, 1, 11], "misses, expired and bypass (a pass) all went to the origin");

  const byBackend = await series(t.db.sql, { ...SeriesQuery.parse({ from: String(base + 2 * MIN), to: String(base + 3 * MIN), metric: "hit_ratio", groupBy: "backend", step: "1m" }), sourceId: src.id });
  assert.deepEqual(byBackend.series.map((x) => x.key), ["shop.example"]);
  assert.equal(SeriesQuery.safeParse({ from: "1", to: String(Date.now()), metric: "hit_ratio", groupBy: "cause" }).success, false, "a cache metric has no causes");
});

test("bunny.net: Origin Errors records shipped in a later batch give the earlier 5xx their causes", async () => {
  const created = await createSource(t.db.prisma, owner, { name: "bunny-zone", kind: "bunny" });
  const bunny = (await sourceFromToken(t.db.prisma, created.token))!;
  const access = (at: number, status: number, path: string) => `MISS|${status}|${at}|0|308006|192.0.2.1|-|https://zone.b-cdn.net${path}|WA|curl/8.5.0|322b688bd63fb63f2babe9de30a5d262|DE`;
  const entry = (at: number, code: string, status: number, url: string) =>
    JSON.stringify({ logId: `id-${at}`, timestamp: at, log: JSON.stringify({ RequestUrl: url, PullZoneId: 308006, Message: "origin failed", ErrorCode: code, StatusCode: status }) });
  const first = await ingestBatch(t.db, bunny, [access(base + 1000, 502, "/a"), access(base + 2000, 504, "/b?x=1"), access(base + 3000, 502, "/c"), access(base + 4000, 200, "/ok")]);
  assert.deepEqual(first, { accepted: 4, rejected: 0, errors: [] });
  const before = await summary(t.db.sql, { from: base, to: base + MIN, sourceId: bunny.id });
  assert.deepEqual(before.byCause, { unknown: 3 });
  // The records come in their own batch (another API, another shipper run): the join state kept them apart.
  const second = await ingestBatch(t.db, bunny, [entry(base + 1200, "dns_lookup", 502, "/a"), entry(base + 62_000, "http_timeout", 504, "/b")]);
  assert.deepEqual(second, { accepted: 2, rejected: 0, errors: [] });
  const afterJoin = await summary(t.db.sql, { from: base, to: base + MIN, sourceId: bunny.id });
  assert.deepEqual(afterJoin.byCause, { dns_error: 1, backend_timeout: 1, unknown: 1 });
  assert.equal(afterJoin.total, 4, "records are evidence, never requests");
});
