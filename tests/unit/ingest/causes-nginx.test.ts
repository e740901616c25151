import { test } from "node:test";
import assert from "node:assert/strict";
import { attributeCause } from "@/lib/ingest/causes";
import { parseEvidence, parseRequest } from "./helpers";

const FORMAT = '$remote_addr [$time_local] "$request" $status ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"';

function access(status: number, addr: string, upstreamStatus: string, connect: string, header: string, response = "0.010") {
  return parseRequest("nginx", `203.0.113.7 [01/Mar/2024:10:00:05 +0000] "GET /api HTTP/1.1" ${status} ua="${addr}" us="${upstreamStatus}" uct="${connect}" uht="${header}" urt="${response}"`, FORMAT);
}

function errorLine(message: string, upstream = "http://10.0.1.10:8080/api"): ReturnType<typeof parseEvidence> {
  return parseEvidence(`2024/03/01 10:00:05 [error] 7#7: *42 ${message}, client: 203.0.113.7, server: _, request: "GET /api HTTP/1.1", upstream: "${upstream}", host: "example.com"`);
}

test("nginx: an upstream 5xx passed through is backend_error, never a proxy cause", () => {
  assert.equal(attributeCause("nginx", access(503, "10.0.1.10:8080", "503", "0.001", "0.020")), "backend_error");
  assert.equal(attributeCause("nginx", access(500, "10.0.1.10:8080", "500", "0.001", "0.020")), "backend_error");
  // 500/503 in $upstream_status can only come from the origin, even without timers
  const noTimers = parseRequest("nginx", "2024-03-01T10:00:00+00:00 503 503", "$time_iso8601 $status $upstream_status");
  assert.equal(attributeCause("nginx", noTimers), "backend_error");
});

test("nginx: its own 503 (limit_req / limit_conn) has no upstream status and is proxy_overload", () => {
  assert.equal(attributeCause("nginx", access(503, "-", "-", "-", "-", "-")), "proxy_overload");
  assert.equal(attributeCause("nginx", access(500, "-", "-", "-", "-", "-")), "proxy_error");
});

test("nginx 504 with upstream_status 504: the header timer tells the origin's 504 from nginx's timeout", () => {
  assert.equal(attributeCause("nginx", access(504, "10.0.1.10:8080", "504", "0.001", "-", "60.001")), "backend_timeout");
  assert.equal(attributeCause("nginx", access(504, "10.0.1.10:8080", "504", "0.001", "0.350")), "backend_error");
  assert.equal(attributeCause("nginx", access(504, "10.0.1.10:8080", "504", "-", "-", "3.501")), "connect_timeout");
  const statusOnly = parseRequest("nginx", "2024-03-01T10:00:00+00:00 504 504", "$time_iso8601 $status $upstream_status");
  assert.equal(attributeCause("nginx", statusOnly), "unknown");
});

test("nginx 502: connect failure vs. no live upstreams vs. reset (the latter needs the error log)", () => {
  assert.equal(attributeCause("nginx", access(502, "10.0.1.10:8080", "502", "-", "-")), "connect_refused");
  assert.equal(attributeCause("nginx", access(502, "backend", "502", "-", "-", "0.000")), "no_healthy_backend");
  const reset = access(502, "10.0.1.10:8080", "502", "0.001", "-");
  assert.equal(attributeCause("nginx", reset), "unknown");
  assert.equal(attributeCause("nginx", reset, errorLine("upstream prematurely closed connection while reading response header from upstream")), "backend_reset");
  assert.equal(attributeCause("nginx", reset, errorLine("recv() failed (104: Connection reset by peer) while reading response header from upstream")), "backend_reset");
  assert.equal(attributeCause("nginx", reset, errorLine("upstream sent invalid header while reading response header from upstream")), "bad_response");
  assert.equal(attributeCause("nginx", reset, errorLine("upstream sent too big header while reading response header from upstream")), "bad_response");
});

test("nginx multi-valued statuses: the last attempt decides", () => {
  assert.equal(attributeCause("nginx", access(502, "10.0.1.10:8080, 10.0.1.11:8080", "504, 502", "0.001, -", "-, -")), "connect_refused");
  assert.equal(attributeCause("nginx", access(503, "10.0.1.10:8080, 10.0.1.11:8080", "502, 503", "-, 0.001", "-, 0.004")), "backend_error");
  assert.equal(attributeCause("nginx", access(502, "10.0.1.10:8080 : 10.0.1.12:8080", "404 : 502", "0.001 : -", "0.002 : -")), "connect_refused");
});

test("nginx with only the combined format: the error log is the only evidence", () => {
  const combined = parseRequest("nginx", '203.0.113.7 - - [01/Mar/2024:10:00:05 +0000] "GET /api HTTP/1.1" 504 167 "-" "curl/8.5.0"');
  assert.equal(attributeCause("nginx", combined), "unknown");
  const table: [string, string][] = [
    ["upstream timed out (110: Connection timed out) while reading response header from upstream", "backend_timeout"],
    ["upstream timed out (110: Connection timed out) while reading upstream", "backend_timeout"],
    ["upstream timed out (110: Connection timed out) while connecting to upstream", "connect_timeout"],
    ["connect() failed (111: Connection refused) while connecting to upstream", "connect_refused"],
    ["no live upstreams while connecting to upstream", "no_healthy_backend"],
    ["upstream prematurely closed connection while reading response header from upstream", "backend_reset"],
    ["upstream sent invalid header while reading response header from upstream", "bad_response"],
    ['limiting requests, excess: 0.500 by zone "one"', "proxy_overload"],
  ];
  for (const [message, cause] of table) assert.equal(attributeCause("nginx", combined, errorLine(message)), cause, message);
  // Issue #17: a failed handshake is its own cause (it was `unknown` before tls_error existed).
  assert.equal(attributeCause("nginx", combined, errorLine("SSL_do_handshake() failed while SSL handshaking to upstream")), "tls_error");
});
