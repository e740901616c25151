import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import { parseNotice, parseRequest, pick, rejection } from "./helpers";

// The example of `option httplog` from the HAProxy configuration manual (section 8.2.3).
const MANUAL_LINE =
  'haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';

test("HAProxy httplog (the default): the manual's example line", () => {
  const request = parseRequest("haproxy", MANUAL_LINE);
  assert.deepEqual(pick(request, "client", "time", "utcOffsetMin", "backend", "status", "bytes", "method", "path", "protocol", "totalMs", "upstreamConnectMs", "upstreamHeaderMs"), {
    client: "10.0.1.2",
    time: Date.UTC(2009, 1, 6, 12, 14, 14, 655), // local time without a zone: read as UTC
    utcOffsetMin: undefined,
    backend: "static",
    status: 200,
    bytes: 2750,
    method: "GET",
    path: "/index.html",
    protocol: "HTTP/1.1",
    totalMs: 109,
    upstreamConnectMs: 30,
    upstreamHeaderMs: 69,
  });
  assert.deepEqual(request.evidence, {
    haproxyTermination: "----",
    haproxyServer: "srv1",
    haproxyTimers: { TR: 10, Tw: 0, Tc: 30, Tr: 69, Ta: 109, Tt: undefined },
  });
});

test("HAProxy: RFC 3164 syslog header, no capture blocks, no header at all", () => {
  const bsd = 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /index.html HTTP/1.1"';
  assert.equal(parseRequest("haproxy", bsd).path, "/index.html");
  const bare = '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';
  assert.equal(parseRequest("haproxy", bare).status, 200);
  const oneCapture = bare.replace("{1wt.eu} {} ", "{Mozilla/5.0 (X11; Linux)|1wt.eu} ");
  assert.equal(parseRequest("haproxy", oneCapture).method, "GET");
});

test("HAProxy: an RFC 5424 header's zone is applied to the accept date", () => {
  const line = '<134>1 2009-02-06T12:14:14.655+01:00 lb1 haproxy 14389 - - 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"';
  const request = parseRequest("haproxy", line);
  assert.equal(request.time, Date.UTC(2009, 1, 6, 11, 14, 14, 655));
  assert.equal(request.utcOffsetMin, 60);
  const rfc3339 = '2009-02-06T12:14:14.655-05:00 lb1 haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"';
  assert.equal(parseRequest("haproxy", rfc3339).time, Date.UTC(2009, 1, 6, 17, 14, 14, 655));
});

test("HAProxy: <NOSRV>, -1 timers, logasap totals and an IPv6 client", () => {
  const line = 'haproxy[1]: 2001:db8::7:51234 [06/Feb/2009:12:14:14.655] http-in~ app/<NOSRV> 0/-1/-1/-1/+3 503 217 - - SC-- 10/10/0/0/0 0/0 "GET /health HTTP/1.1"';
  const request = parseRequest("haproxy", line);
  assert.equal(request.client, "2001:db8::7");
  assert.equal(request.totalMs, 3);
  assert.equal(request.upstreamConnectMs, undefined);
  assert.deepEqual(request.evidence.haproxyTimers, { TR: 0, Tw: -1, Tc: -1, Tr: -1, Ta: 3, Tt: undefined });
  assert.equal(request.evidence.haproxyServer, "<NOSRV>");
  assert.equal(request.evidence.haproxyTermination, "SC--");
});

test("HAProxy: httpslog by name and custom formats with sample fetches", () => {
  const https = 'haproxy[1]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] https-in~ static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1" 0/0/0/0/0 example.com/TLSv1.3/TLS_AES_256_GCM_SHA384';
  assert.equal(parseRequest("haproxy", https, "httpslog").status, 200);
  const format = '%ci [%t] %b/%s %Tw/%Tc/%Tr/%Tt %ST %B %ts %[req.hdr(host),lower] %{+Q}[capture.req.hdr(0)] %HM %HU %HV';
  const request = parseRequest("haproxy", '10.0.0.1 [06/Feb/2009:12:14:14.655] api/a1 0/1/-1/60001 504 194 sH example.com "Mozilla/5.0 (X11)" GET /v1/x?y=1 HTTP/1.1', format);
  assert.deepEqual(pick(request, "backend", "status", "totalMs", "method", "path", "protocol"), {
    backend: "api",
    status: 504,
    totalMs: 60001,
    method: "GET",
    path: "/v1/x?y=1",
    protocol: "HTTP/1.1",
  });
  assert.equal(request.evidence.haproxyTermination, "sH");
  assert.equal(parseRequest("haproxy", "1233922454 200", "%Ts %ST").time, 1233922454000);
  assert.equal(parseRequest("haproxy", "[06/Feb/2009:12:14:14 +0100] 200", "[%trl] %ST").time, Date.UTC(2009, 1, 6, 11, 14, 14));
});

test("HAProxy: unknown specifiers, bad flags and unterminated fetches throw FormatError", () => {
  const format = "%ci:%cp [%tr] %Zz %ST";
  assert.throws(() => compileFormat("haproxy", format), (error: unknown) => {
    assert.ok(error instanceof FormatError);
    assert.equal(error.specifier, "%Zz");
    assert.equal(error.position, format.indexOf("%Zz"));
    assert.match(error.message, /^unknown specifier "%Zz" at position 14 in HAProxy log-format$/);
    return true;
  });
  assert.throws(() => compileFormat("haproxy", "%{+W}r %ST"), FormatError);
  assert.throws(() => compileFormat("haproxy", "%[req.hdr(host) %ST"), FormatError);
  assert.throws(() => compileFormat("haproxy", "%ST %"), FormatError);
});

test("HAProxy: nginx lines are rejected with a reason", () => {
  assert.match(rejection("haproxy", '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 2326 "-" "-"'), /%ci|%cp|expected/);
});

// HAProxy's own messages, as `log stdout format raw` writes them between the access lines.
const DOWN = 'Server down/sick1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 1ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.';

test("HAProxy: its own server-state messages are notices, with the backend, server and state they announce", () => {
  assert.deepEqual(parseNotice("haproxy", DOWN), { time: undefined, message: DOWN, backend: "down", server: "sick1", state: "DOWN" });
  assert.deepEqual(parseNotice("haproxy", "backend down has no server available!"), { time: undefined, message: "backend down has no server available!", backend: "down" });
  assert.equal(parseNotice("haproxy", "proxy stats has no server available!").backend, "stats");
  const states: [string, string | undefined][] = [
    ["Server app/web1 is UP, reason: Layer7 check passed, code: 200, check duration: 1ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.", "UP"],
    ["Server app/web1 ('web1.example.com') is UP/READY (leaving forced maintenance).", "UP"],
    ["Server app/web1 is going DOWN for maintenance. 0 active and 0 backup servers left.", "MAINT"],
    ["Server app/web1 was DOWN and now enters maintenance.", "MAINT"],
    ["Server app/web1 is stopping.", undefined],
  ];
  for (const [message, state] of states) {
    const notice = parseNotice("haproxy", message);
    assert.deepEqual([notice.backend, notice.server, notice.state], ["app", "web1", state], message);
  }
  const check = parseNotice("haproxy", 'Health check for server app/web1 failed, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms, status: 0/2 DOWN.');
  assert.deepEqual([check.backend, check.server], ["app", "web1"]);
  for (const message of ["Proxy web started.", "Proxy web stopped (cumulated conns: FE: 10, BE: 0).", "Stopping backend app in 0 ms.", "Pausing proxy web."]) {
    assert.equal(parseNotice("haproxy", message).message, message);
  }
});

test("HAProxy: notices behind a syslog header, a <PRI> or an stderr level prefix", () => {
  const bsd = parseNotice("haproxy", `Feb  6 12:14:14 lb1 haproxy[14389]: ${DOWN}`);
  assert.equal(bsd.server, "sick1");
  assert.equal(bsd.time, undefined, "RFC 3164 dates have no year");
  const rfc5424 = parseNotice("haproxy", `<129>1 2009-02-06T12:14:14.655+01:00 lb1 haproxy 14389 - - ${DOWN}`);
  assert.equal(rfc5424.time, Date.UTC(2009, 1, 6, 11, 14, 14, 655));
  assert.equal(rfc5424.message, DOWN);
  assert.equal(parseNotice("haproxy", `<129>${DOWN}`).state, "DOWN");
  assert.equal(parseNotice("haproxy", "haproxy[1]: backend down has no server available!").backend, "down");
  // stderr, shipped with stdout (docker logs): HAProxy 2.x and 1.x prefixes.
  const warning = parseNotice("haproxy", `[WARNING]  (8) : ${DOWN}`);
  assert.deepEqual([warning.message, warning.server, warning.state], [DOWN, "sick1", "DOWN"]);
  assert.equal(parseNotice("haproxy", "[NOTICE]   (1) : haproxy version is 2.6.12-1").message, "haproxy version is 2.6.12-1");
  assert.equal(parseNotice("haproxy", "[ALERT] 036/121414 (1) : Starting frontend web: cannot bind socket").message, "Starting frontend web: cannot bind socket");
});

test("HAProxy: lines only resembling its messages are still rejected, with the access-line reason", () => {
  for (const line of [
    "Server",
    "Server is DOWN",
    "Server down is DOWN, reason: no slash in the name",
    "Server /x is DOWN",
    "backend down is fine",
    "backend  has no server available!",
    "Proxy web",
    "Proxy web exploded.",
    "[INFO] (1) : hello",
    "[WARNING]",
    "<129>",
    "random text",
  ]) {
    assert.match(rejection("haproxy", line), /expected|%/, line);
  }
});

test("HAProxy: a custom format's access lines are never mistaken for notices", () => {
  const request = parseRequest("haproxy", "Server app/web1 is 503 [06/Feb/2009:12:14:14.655]", "Server %b/%s is %ST [%tr]");
  assert.deepEqual([request.backend, request.status], ["app", 503]);
});
