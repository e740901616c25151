import { test } from "node:test";
import assert from "node:assert/strict";
import { attributeCause } from "@/lib/ingest/causes";
import { parseRequest } from "./helpers";

function haproxy(status: number, server: string, termination: string, timers = "0/0/1/-1/60001"): string | null {
  const line = `haproxy[1]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in app/${server} ${timers} ${status} 194 - - ${termination} 1/1/1/1/0 0/0 "GET /x HTTP/1.1"`;
  return attributeCause("haproxy", parseRequest("haproxy", line));
}

test("HAProxy termination states map to canonical causes", () => {
  const table: [number, string, string, string][] = [
    [504, "srv1", "sH--", "backend_timeout"],
    [504, "srv1", "sD--", "backend_timeout"],
    [503, "srv1", "sC--", "connect_timeout"],
    [503, "srv1", "SC--", "connect_refused"],
    [503, "<NOSRV>", "SC--", "no_healthy_backend"],
    [502, "srv1", "SH--", "backend_reset"],
    [502, "srv1", "SD--", "backend_reset"],
    [502, "srv1", "PH--", "bad_response"],
    [503, "<NOSRV>", "sQ--", "proxy_overload"],
    [503, "srv1", "SQ--", "proxy_overload"],
    [503, "srv1", "RC--", "proxy_overload"],
    [500, "srv1", "PR--", "proxy_error"],
    [500, "<NOSRV>", "PT--", "proxy_error"],
    [500, "srv1", "IH--", "proxy_error"],
  ];
  for (const [status, server, termination, cause] of table) assert.equal(haproxy(status, server, termination), cause, termination);
});

test("HAProxy: a 503 the server returned (----) is backend_error, not a proxy 503", () => {
  assert.equal(haproxy(503, "srv1", "----", "0/0/1/20/21"), "backend_error");
  assert.equal(haproxy(503, "<NOSRV>", "SC--", "0/-1/-1/-1/0"), "no_healthy_backend");
  // the client gave up during the data phase of the server's own 500
  assert.equal(haproxy(500, "srv1", "CD--", "0/0/1/20/5000"), "backend_error");
  assert.equal(haproxy(200, "srv1", "----", "0/0/1/20/21"), null);
});

test("HAProxy: without a termination state there is no evidence", () => {
  const request = parseRequest("haproxy", "[06/Feb/2009:12:14:14.655] app/<NOSRV> 503", "[%tr] %b/%s %ST");
  assert.equal(attributeCause("haproxy", request), "unknown");
});

const ISTIO_LIKE = '[%START_TIME%] %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%';

function envoy(status: number, flags: string, details: string, transport = "-", serviceTime = "-"): string | null {
  const line = `[2024-03-01T10:00:00.000Z] ${status} ${flags} ${details} "${transport}" ${serviceTime}`;
  return attributeCause("envoy", parseRequest("envoy", line, ISTIO_LIKE));
}

test("Envoy response flags and details map to canonical causes", () => {
  const table: [number, string, string, string, string][] = [
    [504, "UT", "upstream_response_timeout", "-", "backend_timeout"],
    [504, "UT", "upstream_per_try_timeout", "-", "backend_timeout"],
    [503, "UF", "upstream_reset_before_response_started{connection_timeout}", "-", "connect_timeout"],
    [503, "UF", "upstream_reset_before_response_started{connection_failure}", "-", "connect_refused"],
    [503, "UF", "upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_Connection_refused}", "delayed_connect_error:_Connection_refused", "connect_refused"],
    [503, "UF", "-", "connection timed out", "connect_timeout"],
    [503, "UH", "no_healthy_upstream", "-", "no_healthy_backend"],
    [503, "UC", "upstream_reset_before_response_started{connection_termination}", "-", "backend_reset"],
    [503, "UR", "upstream_reset_before_response_started{remote_reset}", "-", "backend_reset"],
    [502, "UPE", "upstream_reset_before_response_started{protocol_error}", "-", "bad_response"],
    [503, "UO", "upstream_reset_before_response_started{overflow}", "-", "proxy_overload"],
    [503, "URX", "-", "-", "proxy_overload"],
    [503, "NC", "cluster_not_found", "-", "proxy_error"],
    [503, "LR", "-", "-", "proxy_error"],
    [503, "-", "upstream_reset_before_response_started{connection_termination}", "-", "backend_reset"],
    [503, "-", "maintenance_mode", "-", "proxy_error"],
  ];
  for (const [status, flags, details, transport, cause] of table) assert.equal(envoy(status, flags, details, transport), cause, `${flags} ${details}`);
});

test("Envoy: the origin's own 503 (no flag, via_upstream) is backend_error, never a proxy 503", () => {
  assert.equal(envoy(503, "-", "via_upstream"), "backend_error");
  assert.equal(envoy(503, "URX", "via_upstream"), "backend_error"); // retries exhausted on origin 503s
  assert.equal(envoy(503, "UH", "no_healthy_upstream"), "no_healthy_backend");
  // default format: no details logged; the upstream service time shows the origin answered
  const viaUpstream = parseRequest("envoy", '[2024-03-01T10:00:00.000Z] "GET / HTTP/1.1" 503 - 0 19 25 24 "-" "curl" "id" "host" "10.0.2.1:80"');
  assert.equal(attributeCause("envoy", viaUpstream), "backend_error");
  const noEvidence = parseRequest("envoy", '[2024-03-01T10:00:00.000Z] "GET / HTTP/1.1" 503 - 0 19 25 - "-" "curl" "id" "host" "-"');
  assert.equal(attributeCause("envoy", noEvidence), "unknown");
  assert.equal(envoy(200, "-", "via_upstream"), null);
});

test("JSON lines use whichever proxy's evidence they carry, or a canonical cause given upstream", () => {
  const json = (fields: Record<string, unknown>) => attributeCause("json", parseRequest("json", JSON.stringify({ time: 1709287200, status: 503, ...fields })));
  assert.equal(json({ response_flags: "UH" }), "no_healthy_backend");
  assert.equal(json({ termination_state: "sH--" }), "backend_timeout");
  assert.equal(json({ fetch_error: "first byte timeout" }), "backend_timeout");
  assert.equal(json({ upstream_status: "503", upstream_header_time: "0.100" }), "backend_error");
  assert.equal(json({ cause: "proxy_overload" }), "proxy_overload");
  assert.equal(json({ cause: "made_up" }), "unknown");
  assert.equal(json({}), "unknown");
});
