import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import { parseEvidence, parseRequest, pick, rejection } from "./helpers";

const UPSTREAM_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "rt=$request_time uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time ua=$upstream_addr us=$upstream_status cs=$upstream_cache_status";

test("nginx combined (the default): a real line", () => {
  const request = parseRequest("nginx", '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"');
  assert.deepEqual(pick(request, "client", "method", "path", "protocol", "status", "bytes", "time", "utcOffsetMin", "backend"), {
    client: "127.0.0.1",
    method: "GET",
    path: "/apache_pb.gif",
    protocol: "HTTP/1.0",
    status: 200,
    bytes: 2326,
    time: Date.UTC(2000, 9, 10, 20, 55, 36),
    utcOffsetMin: -420,
    backend: undefined,
  });
  assert.deepEqual(request.evidence, {});
});

test("nginx: the stock `main` format by name, with X-Forwarded-For", () => {
  const request = parseRequest("nginx", '10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 304 0 "-" "curl/8.5.0" "203.0.113.9, 10.0.0.1"', "main");
  assert.equal(request.status, 304);
  assert.equal(request.bytes, 0);
});

test("nginx upstream variables: timers, status, address and cache status", () => {
  const line =
    '203.0.113.7 - - [01/Mar/2024:10:00:00 +0000] "GET /api/items?page=2 HTTP/1.1" 200 5120 "-" "Mozilla/5.0" ' +
    "rt=0.052 uct=0.001 uht=0.050 urt=0.051 ua=10.0.1.10:8080 us=200 cs=MISS";
  const request = parseRequest("nginx", line, UPSTREAM_FORMAT);
  assert.deepEqual(pick(request, "totalMs", "upstreamConnectMs", "upstreamHeaderMs", "upstreamResponseMs", "upstreamAddr", "backend", "handling", "path"), {
    totalMs: 52,
    upstreamConnectMs: 1,
    upstreamHeaderMs: 50,
    upstreamResponseMs: 51,
    upstreamAddr: "10.0.1.10:8080",
    backend: "10.0.1.10:8080",
    handling: "miss",
    path: "/api/items?page=2",
  });
  assert.deepEqual(request.evidence.nginxUpstreamStatuses, [200]);
  assert.equal(request.evidence.nginxUpstreamAddr, "10.0.1.10:8080");
  const failedLine = line.replace('" 200 5120', '" 504 5120').replace("us=200", "us=504");
  const failed = parseRequest("nginx", failedLine, UPSTREAM_FORMAT);
  assert.deepEqual(failed.evidence.nginxUpstreamStatuses, [504]);
  assert.equal(failed.evidence.nginxUpstreamAddr, "10.0.1.10:8080");
  assert.equal(failed.evidence.nginxUpstreamHeaderTime, "0.050");

  // The aggregator's lean parse: the same counted fields; request line and evidence for 5xx only.
  const lean = compileFormat("nginx", UPSTREAM_FORMAT, { lean: true });
  const leanOk = lean.parse(line);
  assert.ok(leanOk.ok && leanOk.kind === "request");
  assert.equal(leanOk.request.totalMs, 52);
  assert.equal(leanOk.request.backend, "10.0.1.10:8080");
  assert.equal(leanOk.request.path, undefined);
  assert.equal(leanOk.request.evidence.nginxUpstreamStatuses, undefined);
  const leanFailed = lean.parse(failedLine);
  assert.ok(leanFailed.ok && leanFailed.kind === "request");
  assert.deepEqual(leanFailed.request, failed);
});

test("nginx multi-valued upstream fields: `, ` between servers, ` : ` across redirects, last attempt wins", () => {
  const line =
    '203.0.113.7 - - [01/Mar/2024:10:00:00 +0000] "GET /checkout HTTP/1.1" 502 157 "-" "Mozilla/5.0" ' +
    "rt=3.004 uct=-, 0.001 : - uht=-, - : - urt=3.001, 0.002 : 0.000 ua=10.0.1.10:8080, 10.0.1.11:8080 : unix:/run/php/fpm.sock us=502, 502 : 502 cs=-";
  const request = parseRequest("nginx", line, UPSTREAM_FORMAT);
  assert.equal(request.evidence.nginxUpstreamStatus, "502, 502 : 502");
  assert.deepEqual(request.evidence.nginxUpstreamStatuses, [502, 502, 502]);
  assert.equal(request.evidence.nginxUpstreamAddr, "10.0.1.10:8080, 10.0.1.11:8080 : unix:/run/php/fpm.sock");
  assert.equal(request.evidence.nginxUpstreamConnectTime, "-, 0.001 : -");
  assert.equal(request.upstreamAddr, "unix:/run/php/fpm.sock");
  assert.equal(request.upstreamConnectMs, undefined); // last attempt logged "-"
  assert.equal(request.upstreamResponseMs, 0);
  assert.equal(request.handling, undefined);
});

test("nginx: multi-valued fields between space separators and `-` attempts", () => {
  const format = "$time_iso8601 $status $upstream_status $upstream_addr $request_time";
  const request = parseRequest("nginx", "2024-03-01T10:00:00+01:00 503 503, - 10.0.1.10:80, backend 0.010", format);
  assert.deepEqual(request.evidence.nginxUpstreamStatuses, [503, null]);
  assert.equal(request.upstreamAddr, "backend");
  assert.equal(request.time, Date.UTC(2024, 2, 1, 9, 0, 0));
  assert.equal(request.utcOffsetMin, 60);
  assert.equal(request.totalMs, 10);
});

test("nginx: $msec, ${braced} variables, $request_method/$request_uri and unknown variables", () => {
  const format = "${msec} ${request_method} $request_uri $server_protocol $status $bytes_sent $proxy_host $foo_bar";
  const request = parseRequest("nginx", "1709287200.123 POST /login?next=/ HTTP/2.0 201 512 app_pool whatever", format);
  assert.deepEqual(pick(request, "time", "method", "path", "protocol", "status", "bytes", "backend"), {
    time: 1709287200123,
    method: "POST",
    path: "/login?next=/",
    protocol: "HTTP/2.0",
    status: 201,
    bytes: 512,
    backend: "app_pool",
  });
});

test("nginx escape=json style formats read like any other format", () => {
  const format = '{"time":"$time_iso8601","status":$status,"request":"$request","upstream":"$upstream_addr","us":"$upstream_status"}';
  const line = '{"time":"2024-03-01T10:00:00+00:00","status":504,"request":"GET /slow HTTP/1.1","upstream":"10.0.1.10:8080","us":"504"}';
  const request = parseRequest("nginx", line, format);
  assert.equal(request.status, 504);
  assert.equal(request.path, "/slow");
  assert.deepEqual(request.evidence.nginxUpstreamStatuses, [504]);
});

test("nginx error log: a timeout line is evidence with every context field", () => {
  const evidence = parseEvidence(
    '2024/03/01 10:00:05 [error] 1234#1234: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.7, server: shop.example.com, request: "GET /api/items HTTP/1.1", upstream: "http://10.0.1.10:8080/api/items", host: "shop.example.com"',
  );
  assert.deepEqual(evidence, {
    time: Date.UTC(2024, 2, 1, 10, 0, 5),
    level: "error",
    pid: 1234,
    connectionId: 5678,
    message: "upstream timed out (110: Connection timed out)",
    action: "reading response header from upstream",
    client: "203.0.113.7",
    server: "shop.example.com",
    request: "GET /api/items HTTP/1.1",
    upstream: "http://10.0.1.10:8080/api/items",
    upstreamAddr: "10.0.1.10:8080",
    host: "shop.example.com",
    cause: "backend_timeout",
  });
});

test("nginx error log: limit_req (no upstream), no live upstreams, unix sockets, notices", () => {
  const limited = parseEvidence('2024/03/01 10:00:05 [error] 7#7: *9 limiting requests, excess: 0.500 by zone "one", client: 203.0.113.7, server: _, request: "GET / HTTP/1.1", host: "example.com"');
  assert.equal(limited.message, 'limiting requests, excess: 0.500 by zone "one"');
  assert.equal(limited.upstream, undefined);
  assert.equal(limited.cause, "proxy_overload");
  const nolive = parseEvidence('2024/03/01 10:00:05 [error] 7#7: *9 no live upstreams while connecting to upstream, client: 203.0.113.7, server: _, request: "GET /a HTTP/1.1", upstream: "http://backend/a", host: "example.com"');
  assert.equal(nolive.upstreamAddr, "backend");
  assert.equal(nolive.cause, "no_healthy_backend");
  const fpm = parseEvidence('2024/03/01 10:00:05 [crit] 7#7: *9 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 203.0.113.7, server: _, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com"');
  assert.equal(fpm.level, "crit");
  assert.equal(fpm.upstreamAddr, "unix:/run/php/php8.2-fpm.sock");
  assert.equal(fpm.cause, "connect_refused");
  const notice = parseEvidence("2024/03/01 10:00:05 [notice] 1#1: signal process started");
  assert.equal(notice.message, "signal process started");
  assert.equal(notice.client, undefined);
  assert.equal(notice.cause, undefined);
});

test("nginx: lines of another shape are rejected with a reason", () => {
  assert.equal(rejection("nginx", '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200'), 'expected " " after $status (value starts at column 61)');
  assert.match(rejection("nginx", "2024/03/01 10:00:05 [error] garbage"), /PID#TID/);
  assert.match(rejection("nginx", "9999/99/99 10:00:05 [error] 1#1: x"), /invalid date/);
});

test("nginx: formats with two variables glued together cannot be split", () => {
  assert.throws(() => compileFormat("nginx", "$status$body_bytes_sent"), (error: unknown) => error instanceof FormatError && error.specifier === "$body_bytes_sent");
});
