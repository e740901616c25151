import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyDeadline, classifyNetworkError } from "@/lib/probes/net/classify";
import type { ConnectionStage } from "@/lib/probes/net/timeline";

function errorWithCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

test("node error codes map onto the canonical causes", () => {
  const cases: [string, ConnectionStage, string][] = [
    ["ENOTFOUND", "dns", "dns_error"],
    ["EAI_AGAIN", "dns", "dns_error"],
    ["ECONNREFUSED", "connect", "connect_refused"],
    ["EHOSTUNREACH", "connect", "connect_refused"],
    ["ENETUNREACH", "connect", "connect_refused"],
    ["ETIMEDOUT", "connect", "connect_timeout"],
    ["ETIMEDOUT", "waiting", "backend_timeout"],
    ["ECONNRESET", "waiting", "backend_reset"],
    ["ECONNRESET", "body", "backend_reset"],
    ["EPIPE", "waiting", "backend_reset"],
    ["HPE_INVALID_CONSTANT", "waiting", "bad_response"],
    ["HPE_HEADER_OVERFLOW", "waiting", "bad_response"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls", "tls_error"],
    ["CERT_HAS_EXPIRED", "tls", "tls_error"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls", "tls_error"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls", "tls_error"],
    // A reset during the handshake is a TLS problem (e.g. the port does not speak TLS).
    ["ECONNRESET", "tls", "tls_error"],
  ];
  for (const [code, stage, expected] of cases) {
    const failure = classifyNetworkError(errorWithCode(code), stage, "origin:443");
    assert.equal(failure.errorClass, expected, `${code} during ${stage}`);
    assert.ok(failure.message.length > 0 && failure.message.length <= 200);
  }
});

test("messages are short and name the target", () => {
  assert.equal(
    classifyNetworkError(errorWithCode("ECONNREFUSED"), "connect", "10.0.0.5:8080").message,
    "Connection refused by 10.0.0.5:8080",
  );
  const long = classifyNetworkError(errorWithCode("ERR_SSL_X", "x".repeat(500)), "tls", "a:1").message;
  assert.ok(long.length <= 200);
});

test("a deadline is blamed on the phase it interrupted", () => {
  const byStage: Record<ConnectionStage, string> = {
    dns: "dns_error",
    connect: "connect_timeout",
    tls: "connect_timeout",
    waiting: "backend_timeout",
    body: "backend_timeout",
  };
  for (const [stage, expected] of Object.entries(byStage)) {
    assert.equal(classifyDeadline("timeout", stage as ConnectionStage, 2000, "a:80").errorClass, expected, stage);
  }
  assert.equal(classifyDeadline("timeout", "waiting", 2000, "a:80").message, "No response headers from a:80 within 2000 ms");
  assert.match(classifyDeadline("cancelled", "waiting", 2000, "a:80").message, /before the probe was cancelled/);
});
