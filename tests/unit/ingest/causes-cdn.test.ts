// Each CDN's own failure words, mapped onto our causes (README "CDNs" tables).
import { test } from "node:test";
import assert from "node:assert/strict";
import { attributeCause } from "@/lib/ingest/causes";
import { causeFromAkamaiError } from "@/lib/ingest/cause-rules/akamai";
import { causeFromBunnyError } from "@/lib/ingest/cause-rules/bunny";
import { causeFromCloudfrontResult } from "@/lib/ingest/cause-rules/cloudfront";
import { causeFromFastlyResponse } from "@/lib/ingest/cause-rules/fastly";
import { parseRequest } from "./helpers";

const cf = (status: number, origin?: number) =>
  attributeCause("cloudflare", parseRequest("cloudflare", `{"EdgeStartTimestamp":1796605200,"EdgeResponseStatus":${status}${origin === undefined ? "" : `,"OriginResponseStatus":${origin}`}}`));

test("cloudflare: 52x codes, and an origin status that says the origin answered", () => {
  assert.equal(cf(521, 0), "connect_refused");
  assert.equal(cf(522, 0), "connect_timeout");
  assert.equal(cf(523, 0), "dns_error");
  assert.equal(cf(524, 0), "backend_timeout");
  assert.equal(cf(525, 0), "tls_error");
  assert.equal(cf(526, 0), "tls_error");
  assert.equal(cf(520, 0), "backend_reset", "nothing came back");
  assert.equal(cf(520, 200), "bad_response", "an answer Cloudflare could not use");
  assert.equal(cf(520), "unknown", "without the origin status nothing says which");
  assert.equal(cf(502, 502), "backend_error");
  assert.equal(cf(503, 503), "backend_error");
  assert.equal(cf(500), "unknown");
  assert.equal(cf(200, 200), null);
});

test("cloudfront: x-edge-detailed-result-type values", () => {
  const table: [string, number, string | undefined][] = [
    ["OriginDnsError", 502, "dns_error"],
    ["OriginConnectError", 502, "connect_refused"],
    ["OriginConnectError", 504, "connect_timeout"],
    ["OriginCommError", 504, "backend_timeout"],
    ["OriginReadError", 502, "backend_reset"],
    ["OriginHeaderTooBigError", 502, "bad_response"],
    ["OriginInvalidResponseError", 502, "bad_response"],
    ["Miss", 503, "backend_error"],
    ["SomethingNew", 502, undefined],
  ];
  for (const [detail, status, cause] of table) assert.equal(causeFromCloudfrontResult(detail, status), cause, detail);
});

test("fastly: Fastly's 503 texts; other 5xx are the origin's", () => {
  const table: [string, string | undefined][] = [
    ["first byte timeout", "backend_timeout"],
    ["between bytes timeout", "backend_timeout"],
    ["backend read error", "backend_timeout"],
    ["backend write error", "backend_reset"],
    ["Connection refused", "connect_refused"],
    ["Connection timed out", "connect_timeout"],
    ["No healthy backends", "no_healthy_backend"],
    ["All backends failed or unhealthy (chash)", "no_healthy_backend"],
    ["hostname doesn't match against certificate", "tls_error"],
    ["Maximum threads for service reached", "proxy_overload"],
    ["Service Unavailable", undefined],
  ];
  for (const [text, cause] of table) assert.equal(causeFromFastlyResponse(text), cause, text);
  const line = (status: number, response: string) => parseRequest("fastly", `{"time":1796605200123,"status":${status},"response":"${response}","state":"MISS"}`);
  assert.equal(attributeCause("fastly", line(503, "Service Unavailable")), "unknown", "a generic 503 may be either");
  assert.equal(attributeCause("fastly", line(500, "Internal Server Error")), "backend_error", "Fastly's own errors are 503s");
});

test("akamai: DataStream 2 error codes; no code on an origin fetch is the origin's 5xx", () => {
  const table: [string, string | undefined][] = [
    ["ERR_CONNECT_FAIL|x", "connect_refused"],
    ["ERR_CONNECT_TIMEOUT", "connect_timeout"],
    ["ERR_READ_TIMEOUT|y", "backend_timeout"],
    ["ERR_READ_ERROR", "backend_reset"],
    ["ERR_DNS_FAIL", "dns_error"],
    ["ERR_FWD_SSL_HANDSHAKE", "tls_error"],
    ["ERR_NO_GOOD_FWD_IP", "no_healthy_backend"],
    ["ERR_SOMETHING_ELSE", undefined],
  ];
  for (const [code, cause] of table) assert.equal(causeFromAkamaiError(code), cause, code);
  const line = (extra: string) => parseRequest("akamai", `{"reqTimeSec":"1573840000","statusCode":"503"${extra}}`);
  assert.equal(attributeCause("akamai", line(',"cacheStatus":"0"')), "backend_error");
  assert.equal(attributeCause("akamai", line("")), "unknown");
  assert.equal(attributeCause("akamai", line(',"errorCode":"ERR_CONNECT_TIMEOUT","cacheStatus":"0"')), "connect_timeout");
});

test("bunny: Origin Errors codes; the access log alone says nothing", () => {
  assert.equal(causeFromBunnyError("dns_lookup"), "dns_error");
  assert.equal(causeFromBunnyError("http_timeout"), "backend_timeout");
  assert.equal(causeFromBunnyError("network_socket_exception"), "connect_refused");
  assert.equal(causeFromBunnyError("notfound_localdb"), undefined);
  assert.equal(attributeCause("bunny", parseRequest("bunny", "MISS|502|1507167062421|0|390|1.2.3.4|-|https://z.b-cdn.net/x|WA|ua|id|DE")), "unknown");
});

test("envoy: a TLS failure on connect is tls_error", () => {
  const envoy = parseRequest("envoy", '{"t":"2024-03-01T10:00:00.000Z","s":503,"f":"UF","x":"TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED"}', '{"t":"%START_TIME%","s":"%RESPONSE_CODE%","f":"%RESPONSE_FLAGS%","x":"%UPSTREAM_TRANSPORT_FAILURE_REASON%"}');
  assert.equal(attributeCause("envoy", envoy), "tls_error");
});
