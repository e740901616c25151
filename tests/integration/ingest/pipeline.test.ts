// Ingest -> rollups -> query API, against a real database (embedded, or PostgreSQL with DATABASE_URL).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createSource, type IngestSource } from "@/lib/sources/sources";
import { sourceFromToken } from "@/lib/sources/sources";
import { ingestBatch, splitLines } from "@/lib/ingest/intake";
import { series, summary } from "@/lib/rollups/queries";
import { enforceRetention } from "@/lib/rollups/retention";
import type { Actor } from "@/lib/auth/permissions";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "ua=$upstream_addr us=$upstream_status uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time rt=$request_time";

// Recent minutes, so queries use the minute table.
const base = new Date(Date.now() - 10 * 60_000);
base.setUTCSeconds(0, 0);
const at = (offsetSec: number) => new Date(base.getTime() + offsetSec * 1000);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const nginxTime = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
const errTime = (d: Date) => d.toISOString().slice(0, 19).replace(/-/g, "/").replace("T", " ");

function access(d: Date, path: string, status: number, upstream: string, us: string, uct: string, uht: string, client = "10.0.0.7") {
  return `${client} - - [${nginxTime(d)}] "GET ${path} HTTP/1.1" ${status} 512 "-" "curl/8" ua=${upstream} us=${us} uct=${uct} uht=${uht} urt=${uht} rt=0.050`;
}

let t: TestDatabase;
let src: IngestSource;
before(async () => {
  t = await freshDatabase("ingest");
  const created = await createSource(t.db.prisma, owner, { name: "edge-nginx", kind: "nginx", format: NGINX_FORMAT });
  src = (await sourceFromToken(t.db.prisma, created.token))!;
  assert.ok(src, "the token resolves to its source");
});
after(async () => {
  await t?.cleanup();
});

const window = () => ({ from: base.getTime() - 60_000, to: base.getTime() + 10 * 60_000 });

test("a batch is counted per status and cause; bad lines are rejected one by one and kept for the parse-errors view", async () => {
  const lines = [
    access(at(1), "/", 200, "10.0.0.2:8080", "200", "0.001", "0.020"),
    access(at(2), "/a", 200, "10.0.0.2:8080", "200", "0.001", "0.030"),
    access(at(3), "/origin-503", 503, "10.0.0.2:8080", "503", "0.001", "0.010"), // the origin's own 503
    access(at(4), "/limited", 503, "-", "-", "-", "-"), // nginx limit_req: proxy-made
    "this is not an nginx line",
    access(at(5), "/slow", 504, "10.0.0.3:8080", "504", "0.001", "-"),
    "\u0000\u0001garbage",
  ];
  const answer = await ingestBatch(t.db, src, lines);
  assert.equal(answer.accepted, 5);
  assert.equal(answer.rejected, 2);
  assert.deepEqual(answer.errors.map((e) => e.line), [5, 7]);
  assert.ok(answer.errors.every((e) => e.reason.length > 0));

  const s = await summary(t.db.sql, window());
  assert.equal(s.total, 5);
  assert.deepEqual(s.byStatus, { "200": 2, "503": 2, "504": 1 });
  assert.equal(s.byCause.backend_error, 1);
  assert.equal(s.byCause.proxy_overload, 1);
  assert.equal((s.byCause.backend_error ?? 0) + (s.byCause.proxy_overload ?? 0) + (s.byCause.backend_timeout ?? 0) + (s.byCause.unknown ?? 0), 3);
  assert.ok(s.byBackend["10.0.0.2:8080"]);
  assert.ok(s.byBackend["10.0.0.2:8080"]!.latency.p50! > 0);

  const parseErrors = await t.db.prisma.parseError.findMany({ where: { sourceId: src.id } });
  assert.deepEqual(parseErrors.map((p) => p.lineNo).sort(), [5, 7]);
  const discovered = await t.db.prisma.backend.findMany({ where: { origin: "discovered" } });
  assert.ok(discovered.some((b) => b.name === "10.0.0.2:8080"));
});

test("a retried batch with the same Idempotency-Key is counted once", async () => {
  const before = (await summary(t.db.sql, window())).total;
  const lines = [access(at(61), "/k", 200, "10.0.0.2:8080", "200", "0.001", "0.020")];
  const first = await ingestBatch(t.db, src, lines, { idempotencyKey: "batch-42" });
  const again = await ingestBatch(t.db, src, lines, { idempotencyKey: "batch-42" });
  assert.equal(first.accepted, 1);
  assert.equal(again.duplicate, true);
  assert.equal((await summary(t.db.sql, window())).total, before + 1);
});

test("an nginx error-log line in a later batch moves a 502 to its real cause", async () => {
  const d = at(125);
  const line = access(d, "/down", 502, "10.0.0.9:8080", "502", "-", "-", "10.0.0.50");
  await ingestBatch(t.db, src, [line]);
  const err =
    `${errTime(d)} [error] 1234#1234: *99 connect() failed (111: Connection refused) while connecting to upstream, ` +
    `client: 10.0.0.50, server: shop, request: "GET /down HTTP/1.1", upstream: "http://10.0.0.9:8080/down", host: "shop.example"`;
  const answer = await ingestBatch(t.db, src, [err]);
  assert.equal(answer.accepted, 1, "the error-log line is accepted as evidence");
  const s = await summary(t.db.sql, { ...window(), backend: "10.0.0.9:8080" });
  assert.equal(s.total, 1, "evidence lines are never counted as requests");
  assert.deepEqual(s.byCause, { connect_refused: 1 });
});

test("late and out-of-order lines land in their own minute; series and rates add up", async () => {
  const lines = [
    access(at(300), "/x", 500, "10.0.0.4:8080", "500", "0.001", "0.005"),
    access(at(180), "/y", 200, "10.0.0.4:8080", "200", "0.001", "0.005"),
    access(at(240), "/z", 200, "10.0.0.4:8080", "200", "0.001", "0.005"),
  ];
  await ingestBatch(t.db, src, lines);
  const q = { from: base.getTime() + 180_000, to: base.getTime() + 360_000, step: 60_000, backend: "10.0.0.4:8080" };
  const req = await series(t.db.sql, { ...q, metric: "requests", groupBy: "none" });
  assert.deepEqual(req.series[0]!.points.map((p) => p[1]), [1, 1, 1]);
  const rate = await series(t.db.sql, { ...q, metric: "error_rate", groupBy: "cause" });
  assert.deepEqual(rate.series.map((s) => s.key), ["backend_error"]);
  assert.deepEqual(rate.series[0]!.points.map((p) => p[1]), [0, 0, 1]);
});

test("raw 5xx samples are bounded per minute x backend x cause across batches", async () => {
  const batch = (n: number) => Array.from({ length: n }, (_, i) => access(at(420 + i), `/e${i}`, 500, "10.0.0.5:8080", "500", "0.001", "0.005"));
  await ingestBatch(t.db, src, batch(4));
  await ingestBatch(t.db, src, batch(4));
  const n = await t.db.prisma.errorSample.count({ where: { backend: "10.0.0.5:8080" } });
  assert.equal(n, 5);
  const sample = await t.db.prisma.errorSample.findFirstOrThrow({ where: { backend: "10.0.0.5:8080" } });
  assert.match(sample.line, /GET \/e\d HTTP/);
  assert.equal(sample.cause, "backend_error");
});

test("retention removes what outlived its level and keeps the rest", async () => {
  await t.db.sql.exec(`INSERT INTO rollup_minute (bucket, source_id, backend, requests) VALUES (now() - interval '40 days', '${src.id}', 'old', 7)`);
  // Day rows go with the hour rows, once the whole day is past the cutoff.
  await t.db.sql.exec(
    `INSERT INTO rollup_day (bucket, source_id, backend, requests) VALUES (date_trunc('day', now() - interval '402 days'), '${src.id}', 'old', 7),
       (date_trunc('day', now() - interval '399 days'), '${src.id}', 'old', 7)`,
  );
  const report = await enforceRetention(t.db.sql, { sampleDays: 14, minuteDays: 30, hourDays: 400 });
  assert.equal(report.minuteRows, 1);
  assert.equal(report.dayRows, 1);
  const left = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_minute`);
  assert.ok(left[0]!.n > 0);
});

test("splitLines handles CRLF and a final newline", () => {
  assert.deepEqual(splitLines("a\r\nb\n"), ["a", "b"]);
  assert.deepEqual(splitLines("a"), ["a"]);
});

test("one batch of error-log lines correcting several 5xx of the same minute and backend is applied whole", async () => {
  const d1 = at(540);
  const d2 = at(541);
  await ingestBatch(t.db, src, [
    access(d1, "/reset/a", 502, "10.0.0.8:8080", "502", "0.000", "-", "10.0.0.61"),
    access(d2, "/reset/b", 502, "10.0.0.8:8080", "502", "0.000", "-", "10.0.0.61"),
  ]);
  const err = (d: Date, path: string) =>
    `${errTime(d)} [error] 1#1: *7 recv() failed (104: Connection reset by peer) while reading response header from upstream, ` +
    `client: 10.0.0.61, server: shop, request: "GET ${path} HTTP/1.1", upstream: "http://10.0.0.8:8080${path}", host: "shop.example"`;
  // A new access line of the same minute and backend rides along with the corrections.
  const answer = await ingestBatch(t.db, src, [err(d1, "/reset/a"), err(d2, "/reset/b"), access(at(542), "/fine", 200, "10.0.0.8:8080", "200", "0.001", "0.002")]);
  assert.equal(answer.accepted, 3);
  const s = await summary(t.db.sql, { ...window(), backend: "10.0.0.8:8080" });
  assert.equal(s.total, 3);
  assert.deepEqual(s.byCause, { backend_reset: 2 });
});

test("an upstream address that is one configured backend's address is counted as that backend", async () => {
  // What the nginx importer makes (UPSTREAM/ADDRESS, addressed), a backend added by hand, and an
  // address two imported backends share.
  const backend = (name: string, address: string, origin = "imported") => t.db.prisma.backend.create({ data: { name, address, origin } });
  await backend("shop/10.0.9.1:8080", "10.0.9.1:8080");
  await backend("php", "/run/php/fpm.sock", "manual");
  await backend("a/10.0.9.2:8080", "10.0.9.2:8080");
  await backend("b/10.0.9.2:8080", "10.0.9.2:8080");
  const answer = await ingestBatch(t.db, src, [
    access(at(560), "/s", 200, "10.0.9.1:8080", "200", "0.001", "0.002"),
    access(at(561), "/s", 502, "10.0.9.1:8080", "502", "0.001", "0.002"),
    access(at(562), "/p", 200, "unix:/run/php/fpm.sock", "200", "0.001", "0.002"),
    access(at(563), "/both", 200, "10.0.9.2:8080", "200", "0.001", "0.002"),
  ]);
  assert.equal(answer.accepted, 4);
  const s = await summary(t.db.sql, { from: at(559).getTime(), to: at(600).getTime() });
  assert.equal(s.byBackend["shop/10.0.9.1:8080"]?.total, 2);
  assert.equal(s.byBackend.php?.total, 1);
  assert.equal(s.byBackend["10.0.9.2:8080"]?.total, 1, "a shared address stays as logged");
  assert.equal(s.byBackend["10.0.9.1:8080"], undefined);
  const samples = await t.db.sql.query<{ backend: string }>(`SELECT backend FROM error_samples WHERE line LIKE '%10.0.9.1:8080%'`);
  assert.deepEqual(samples.map((r) => r.backend), ["shop/10.0.9.1:8080"]);
  const discovered = await t.db.prisma.backend.findMany({ where: { name: { in: ["10.0.9.1:8080", "unix:/run/php/fpm.sock"] } } });
  assert.deepEqual(discovered, [], "no second backend is discovered for the address");
});
