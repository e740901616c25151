import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LogAggregator, type AggregateResult, type JoinRef } from "@/lib/ingest/aggregate";
import { ErrorLogJoiner } from "@/lib/ingest/errorlog-join";
import { histogramCount } from "@/lib/rollups/histogram";

const FORMAT = '$remote_addr [$time_local] "$request" $status $body_bytes_sent $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_cache_status';

function nginxLine(time: string, status: number, upstream: string, upstreamStatus: string, connect: string, header: string, cache = "MISS", path = "/a"): string {
  return `203.0.113.7 [01/Mar/2024:${time} +0000] "GET ${path} HTTP/1.1" ${status} 100 ${upstream} ${upstreamStatus} ${connect} ${header} ${cache}`;
}

test("aggregate: counts per (minute, backend): statuses, causes, 503s, bytes, cache, latency", () => {
  const aggregator = new LogAggregator({ kind: "nginx", format: FORMAT, sourceId: "edge-1" });
  const lines = [
    nginxLine("10:00:01", 200, "10.0.1.10:8080", "200", "0.001", "0.020", "HIT"),
    nginxLine("10:00:02", 200, "10.0.1.10:8080", "200", "0.001", "0.030"),
    nginxLine("10:00:03", 503, "10.0.1.10:8080", "503", "0.001", "0.005"), // origin's own 503
    nginxLine("10:00:04", 503, "-", "-", "-", "-", "-"), // limit_req
    nginxLine("10:00:59", 504, "10.0.1.11:8080", "504", "0.001", "-"), // nginx timed out
    "",
    "garbage line",
    nginxLine("10:01:00", 502, "10.0.1.11:8080", "502", "-", "-"), // refused
  ];
  lines.forEach((line, index) => aggregator.addLine(line, index + 1));
  const result = aggregator.result();
  assert.equal(result.lines, 8);
  assert.equal(result.accepted, 6);
  assert.equal(result.rejected, 1);
  assert.equal(result.blank, 1);
  assert.deepEqual(result.errors, [{ line: 7, reason: 'expected " [" after $remote_addr (value starts at column 1)' }]);

  const minute = Date.UTC(2024, 2, 1, 10, 0);
  assert.deepEqual(result.buckets.map((b) => [b.minuteMs - minute, b.backend, b.requests]), [
    [0, "", 1],
    [0, "10.0.1.10:8080", 3],
    [0, "10.0.1.11:8080", 1],
    [60_000, "10.0.1.11:8080", 1],
  ]);
  const [limited, origin, timedOut, refused] = result.buckets;
  assert.deepEqual(limited.byCause, { proxy_overload: 1 });
  assert.equal(limited.status503, 1);
  assert.deepEqual(origin.byStatus, { 200: 2, 503: 1 });
  assert.deepEqual(origin.byCause, { backend_error: 1 });
  assert.equal(origin.serverErrors, 1);
  assert.equal(origin.status503, 1);
  assert.equal(origin.bytes, 300);
  assert.deepEqual(origin.byHandling, { hit: 1, miss: 2 });
  assert.equal(histogramCount(origin.latencyHistogram), 3);
  assert.deepEqual(timedOut.byCause, { backend_timeout: 1 });
  assert.deepEqual(refused.byCause, { connect_refused: 1 });
  assert.deepEqual(result.samples.map((s) => [s.lineNo, s.cause]), [[3, "backend_error"], [4, "proxy_overload"], [5, "backend_timeout"], [8, "connect_refused"]]);
  assert.equal(result.samples[0].line, lines[2]);
  assert.equal(result.samples[0].request.status, 503);
  assert.deepEqual(JSON.parse(JSON.stringify(result)).buckets.length, 4, "the result is plain JSON");
});

test("aggregate: backend fallback, bounded samples and errors", () => {
  const aggregator = new LogAggregator({ kind: "varnish", defaultBackend: "www", maxSamples: 2, maxErrors: 3 });
  for (let i = 1; i <= 10; i++) aggregator.addLine(`10.0.0.${i} - - [01/Mar/2024:10:00:00 +0000] "GET http://x/ HTTP/1.1" 503 0 "-" "-"`, i);
  for (let i = 11; i <= 20; i++) aggregator.addLine("not varnish", i);
  const result = aggregator.result();
  assert.equal(result.buckets.length, 1);
  assert.equal(result.buckets[0].backend, "www");
  assert.deepEqual(result.buckets[0].byCause, { unknown: 10 });
  assert.equal(result.samples.length, 2);
  assert.deepEqual(result.errors.map((error) => error.line), [11, 12, 13]);
  assert.equal(result.rejected, 10);
  assert.equal(new LogAggregator({ kind: "envoy" }).result().buckets.length, 0);
  const noDefault = new LogAggregator({ kind: "varnish" });
  noDefault.addLine('1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] "GET http://x/ HTTP/1.1" 200 1 "-" "-"', 1);
  assert.equal(noDefault.result().buckets[0].backend, "");
});

const ACCESS_504 = '203.0.113.7 - - [01/Mar/2024:10:00:05 +0000] "GET /api HTTP/1.1" 504 167 "-" "curl/8.5.0"';
const ERROR_504 = '2024/03/01 10:00:05 [error] 7#7: *42 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.7, server: _, request: "GET /api HTTP/1.1", upstream: "http://10.0.1.10:8080/api", host: "example.com"';

test("aggregate: nginx error-log lines in the same stream attribute their access line, in either order", () => {
  for (const order of [[ERROR_504, ACCESS_504], [ACCESS_504, ERROR_504]]) {
    const aggregator = new LogAggregator({ kind: "nginx" });
    order.forEach((line, index) => aggregator.addLine(line, index + 1));
    const result = aggregator.result();
    assert.equal(result.evidenceLines, 1);
    assert.deepEqual(result.buckets[0].byCause, { backend_timeout: 1 });
    assert.equal(result.samples.length, 1);
    assert.equal(result.samples[0].cause, "backend_timeout");
    assert.equal(result.samples[0].errorLog?.message, "upstream timed out (110: Connection timed out)");
    assert.deepEqual(result.corrections, []);
  }
});

test("aggregate: a joiner shared by the access and error sources, and carried to the next batch", () => {
  const joiner = new ErrorLogJoiner<JoinRef>();
  const accessLog = new LogAggregator({ kind: "nginx", sourceId: "access", joiner });
  accessLog.addLine(ACCESS_504, 1);
  assert.deepEqual(accessLog.result().buckets[0].byCause, { unknown: 1 });

  // next batch: the pending request survives as JSON, the error log arrives in another source
  const carried = new ErrorLogJoiner<JoinRef>();
  carried.importPending(JSON.parse(JSON.stringify(joiner.exportPending())));
  const errorLog = new LogAggregator({ kind: "nginx", sourceId: "errors", joiner: carried });
  errorLog.addLine(ERROR_504, 1);
  const result = errorLog.result();
  assert.equal(result.buckets.length, 0);
  assert.deepEqual(result.corrections, [
    { sourceId: "access", minuteMs: Date.UTC(2024, 2, 1, 10, 0), backend: "", lineNo: 1, from: "unknown", to: "backend_timeout" },
  ]);
});

/** The real captures of tests/integration/ingest/real-proxies.test.ts (see tests/fixtures/proxies/README.md). */
function fixture(proxy: string, name: string): string[] {
  return readFileSync(join(import.meta.dirname, "../../fixtures/proxies", proxy, name), "utf8").split("\n").filter((line) => line.length > 0);
}

/** VARNISHNCSA_EVIDENCE_FORMAT of tests/integration/ingest/support/varnish.ts, the format of the capture. */
const VARNISH_EVIDENCE_FORMAT =
  '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %D %{Varnish:side}x %{Varnish:handling}x %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"';

function run(options: ConstructorParameters<typeof LogAggregator>[0], lines: string[]): AggregateResult {
  const aggregator = new LogAggregator(options);
  lines.forEach((line, index) => aggregator.addLine(line, index + 1));
  return aggregator.result();
}

function sum(buckets: AggregateResult["buckets"], pick: (bucket: AggregateResult["buckets"][number]) => Record<string, number | undefined>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const bucket of buckets) for (const [key, count] of Object.entries(pick(bucket))) total[key] = (total[key] ?? 0) + (count ?? 0);
  return total;
}

test("aggregate: real varnishncsa -b -c capture: each request once, from its backend line, with no unknown 5xx", () => {
  const lines = fixture("varnish", "varnishncsa-evidence.log");
  assert.equal(lines.length, 42, "21 requests, a client and a backend line each");
  const result = run({ kind: "varnish", format: VARNISH_EVIDENCE_FORMAT }, lines);
  assert.deepEqual(
    { lines: result.lines, accepted: result.accepted, requestLines: result.requestLines, uncountedLines: result.uncountedLines, rejected: result.rejected },
    { lines: 42, accepted: 42, requestLines: 21, uncountedLines: 21, rejected: 0 },
  );
  assert.equal(result.buckets.reduce((total, bucket) => total + bucket.requests, 0), 21);
  assert.deepEqual(sum(result.buckets, (bucket) => bucket.byStatus), { 200: 3, 500: 3, 503: 15 });
  assert.deepEqual(sum(result.buckets, (bucket) => bucket.byCause), { backend_timeout: 3, backend_error: 6, connect_refused: 3, backend_reset: 3, no_healthy_backend: 3 });
  assert.deepEqual(result.buckets.map((bucket) => bucket.backend).sort(), ["err", "ok", "refused", "reset", "sick", "slow"]);
  assert.ok(result.samples.every((sample) => sample.request.evidence.varnishSide === "b"), "5xx samples come from backend lines");
});

test("aggregate: the same varnish capture in a format without side counts every line (as varnishncsa without -b -c would write it)", () => {
  // Plain formats cannot tell the two records apart; they are counted as logged.
  const result = run({ kind: "varnish", format: VARNISH_EVIDENCE_FORMAT.replace(" %{Varnish:side}x", " %{Varnish:vxid}x") }, fixture("varnish", "varnishncsa-evidence.log"));
  assert.equal(result.requestLines, 42);
  assert.equal(result.uncountedLines, 0);
});

test("aggregate: real HAProxy stdout capture: server-state messages are accepted notices, never requests", () => {
  const lines = fixture("haproxy", "httplog-stdout.log");
  const result = run({ kind: "haproxy", format: "option httplog" }, lines);
  assert.deepEqual(
    { lines: result.lines, accepted: result.accepted, requestLines: result.requestLines, noticeLines: result.noticeLines, rejected: result.rejected },
    { lines: 23, accepted: 23, requestLines: 21, noticeLines: 2, rejected: 0 },
  );
  assert.deepEqual(result.errors, []);
  assert.equal(result.buckets.reduce((total, bucket) => total + bucket.requests, 0), 21);
  assert.deepEqual(sum(result.buckets, (bucket) => bucket.byStatus), { 200: 3, 504: 3, 500: 3, 503: 9, 502: 3 });
});

test("aggregate: counters stay coherent across every kind of line", () => {
  const result = run({ kind: "nginx" }, [ACCESS_504, ERROR_504, "", "garbage"]);
  assert.deepEqual(
    { lines: result.lines, accepted: result.accepted, requestLines: result.requestLines, evidenceLines: result.evidenceLines, rejected: result.rejected, blank: result.blank },
    { lines: 4, accepted: 2, requestLines: 1, evidenceLines: 1, rejected: 1, blank: 1 },
  );
  assert.equal(result.lines, result.accepted + result.rejected + result.blank);
  assert.equal(result.accepted, result.requestLines + result.uncountedLines + result.evidenceLines + result.noticeLines);
});

test("aggregate: deferJoin (parse outside the lock, join inside) gives exactly what joining line by line gives", () => {
  const access = fixture("nginx", "access-upstreams.log");
  const errors = fixture("nginx", "error.log");
  // Error lines before, between and after their access lines; and a second batch for the rest.
  const mixed = [...errors.slice(0, 2), ...access.slice(0, 9), ...errors.slice(2), ...access.slice(9)];
  // NGINX_EVIDENCE_FORMAT of tests/integration/ingest/support/nginx.ts, the format of the capture.
  const format =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
    "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";
  const immediateJoiner = new ErrorLogJoiner<JoinRef>();
  const immediate = run({ kind: "nginx", format, sourceId: "s", joiner: immediateJoiner }, mixed);

  const deferred = new LogAggregator({ kind: "nginx", format, sourceId: "s", deferJoin: true });
  mixed.forEach((line, index) => deferred.addLine(line, index + 1));
  assert.throws(() => deferred.result(), /not joined yet/);
  const deferredJoiner = new ErrorLogJoiner<JoinRef>();
  deferred.completeJoin(deferredJoiner);
  const late = deferred.result();

  assert.ok(immediate.evidenceLines > 0 && Object.keys(sum(immediate.buckets, (b) => b.byCause)).length > 1, "the capture exercises the join");
  assert.deepEqual(late, immediate);
  // What stays pending for the next batch is the same too (apart from the aggregator ids).
  const pending = (j: ErrorLogJoiner<JoinRef>) => JSON.parse(JSON.stringify(j.exportPending(), (k, v) => (k === "aggregatorId" ? undefined : v)));
  assert.deepEqual(pending(deferredJoiner), pending(immediateJoiner));
});
