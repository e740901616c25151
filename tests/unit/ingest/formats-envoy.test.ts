import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import { parseRequest, pick, rejection } from "./helpers";

// The example line of Envoy's access-log documentation (default format).
const DOCS_LINE =
  '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"';

const ISTIO_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

test("Envoy default format: the documentation's example line", () => {
  const request = parseRequest("envoy", DOCS_LINE);
  assert.deepEqual(pick(request, "time", "method", "path", "protocol", "status", "bytes", "totalMs", "upstreamHeaderMs", "client", "upstreamAddr", "backend"), {
    time: Date.UTC(2016, 3, 15, 20, 17, 0, 310),
    method: "POST",
    path: "/api/v1/locations",
    protocol: "HTTP/2",
    status: 204,
    bytes: 0,
    totalMs: 226,
    upstreamHeaderMs: 100,
    client: "10.0.35.28",
    upstreamAddr: "10.0.2.1:80",
    backend: "10.0.2.1:80",
  });
  assert.deepEqual(request.evidence, { envoyFlags: "-", envoyDetails: undefined, envoyTransportFailure: undefined });
});

test("Envoy default format: a proxy-made 503 with flags and '-' values", () => {
  const request = parseRequest("envoy", '[2024-03-01T10:00:00.001Z] "GET /x HTTP/1.1" 503 UF,URX 0 91 30 - "-" "curl/8.5.0" "5c7f1d6e" "shop.example.com" "10.0.2.1:80"');
  assert.equal(request.evidence.envoyFlags, "UF,URX");
  assert.equal(request.upstreamHeaderMs, undefined);
  assert.equal(request.client, undefined);
});

test("Envoy: Istio's format with details, transport failure and cluster", () => {
  const line =
    '[2024-03-01T10:00:00.120Z] "GET /reviews/1 HTTP/1.1" 503 UF upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_Connection_refused} - "delayed_connect_error:_Connection_refused" 0 145 2 - "-" "curl/8.5.0" "b7e0c7a2" "reviews:9080" "10.244.1.12:9080" outbound|9080||reviews.default.svc.cluster.local - 10.96.12.4:9080 10.244.0.7:43120 - default';
  const request = parseRequest("envoy", line, ISTIO_FORMAT);
  assert.equal(request.backend, "outbound|9080||reviews.default.svc.cluster.local");
  assert.equal(request.upstreamAddr, "10.244.1.12:9080");
  assert.equal(request.client, "10.244.0.7");
  assert.equal(request.evidence.envoyDetails, "upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_Connection_refused}");
  assert.equal(request.evidence.envoyTransportFailure, "delayed_connect_error:_Connection_refused");
});

test("Envoy JSON: a json_format source, nested keys, numbers", () => {
  const format = JSON.stringify({ ts: "%START_TIME%", code: "%RESPONSE_CODE%", flags: "%RESPONSE_FLAGS%", up: { cluster: "%UPSTREAM_CLUSTER%", details: "%RESPONSE_CODE_DETAILS%" }, took: "%DURATION%", note: "x=%PROTOCOL%" });
  const request = parseRequest("envoy", '{"ts":"2024-03-01T10:00:00.500Z","code":504,"flags":"UT","up":{"cluster":"api","details":"upstream_response_timeout"},"took":15001}', format);
  assert.deepEqual(pick(request, "time", "status", "backend", "totalMs"), { time: Date.UTC(2024, 2, 1, 10, 0, 0, 500), status: 504, backend: "api", totalMs: 15001 });
  assert.equal(request.evidence.envoyDetails, "upstream_response_timeout");
  assert.match(rejection("envoy", DOCS_LINE, format), /JSON/);
});

test("Envoy: a text-format source also reads JSON lines with the usual key names", () => {
  const line = JSON.stringify({ start_time: "2024-03-01T10:00:00.000Z", method: "GET", path: "/", response_code: 503, response_flags: "UH", response_code_details: "no_healthy_upstream", duration: 0, upstream_cluster: "web", downstream_remote_address: "10.0.0.9:5555" });
  const request = parseRequest("envoy", line);
  assert.equal(request.status, 503);
  assert.equal(request.backend, "web");
  assert.equal(request.client, "10.0.0.9");
  assert.equal(request.evidence.envoyFlags, "UH");
});

test("Envoy: START_TIME with a strftime pattern", () => {
  const request = parseRequest("envoy", "2024/03/01T10:00:00+0000.123 200", "%START_TIME(%Y/%m/%dT%H:%M:%S%z.%3f)% %RESPONSE_CODE%");
  assert.equal(request.time, Date.UTC(2024, 2, 1, 10, 0, 0, 123));
});

test("Envoy: unknown and unterminated operators throw FormatError", () => {
  const format = "[%START_TIME%] %RESPONSE_CODE% %FOO%";
  assert.throws(() => compileFormat("envoy", format), (error: unknown) => {
    assert.ok(error instanceof FormatError);
    assert.equal(error.specifier, "%FOO%");
    assert.equal(error.message, `unknown specifier "%FOO%" at position ${format.indexOf("%FOO%")} in Envoy access-log format`);
    return true;
  });
  assert.throws(() => compileFormat("envoy", "%RESPONSE_CODE"), FormatError);
  assert.throws(() => compileFormat("envoy", "%REQ(:PATH %RESPONSE_CODE%"), FormatError);
  assert.throws(() => compileFormat("envoy", "%% %RESPONSE_CODE%"), FormatError);
  assert.throws(() => compileFormat("envoy", '{"a":"%NOPE%"}'), (error: unknown) => error instanceof FormatError && error.specifier === "%NOPE%");
  assert.throws(() => compileFormat("envoy", "{not json"), FormatError);
});
