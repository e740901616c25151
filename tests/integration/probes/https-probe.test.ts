// TLS failures: an untrusted certificate, a port that does not speak TLS, a handshake that never ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProbe } from "@/lib/probes/kinds/registry";
import { makeSelfSignedCert, opensslAvailable } from "./support/self-signed";
import { RESULT_SLACK_MS, assertFailure, probeContext, startHttpOrigin, startHttpsOrigin, startTcpOrigin } from "./support/servers";

const TIMEOUT_MS = 800;
const hasOpenssl = opensslAvailable();
const needsOpenssl = { timeout: 20_000, skip: hasOpenssl ? false : "openssl CLI not found: cannot make a self-signed certificate" };

test("a self-signed certificate fails with tlsVerify on and passes with it off", needsOpenssl, async (t) => {
  const origin = await startHttpsOrigin(makeSelfSignedCert(), (_req, res) => res.end("secure ok"));
  t.after(() => origin.close());
  const url = origin.url("/", "https");

  const verified = await runProbe("http", { url }, probeContext(TIMEOUT_MS));
  assertFailure(verified, "tls_error", /self-signed certificate/);
  assert.equal(typeof verified.phases?.connectMs, "number");

  const unverified = await runProbe("http", { url, tlsVerify: false }, probeContext(TIMEOUT_MS));
  assert.equal(unverified.ok, true, unverified.message);
  assert.equal(unverified.status, 200);
  assert.equal(typeof unverified.phases?.tlsMs, "number");
  assert.equal(typeof unverified.phases?.firstByteMs, "number");
});

test("https to a port that speaks plain HTTP is tls_error", { timeout: 10_000 }, async (t) => {
  const origin = await startHttpOrigin((_req, res) => res.end("plain"));
  t.after(() => origin.close());
  const result = await runProbe("http", { url: origin.url("/", "https") }, probeContext(TIMEOUT_MS));
  assertFailure(result, "tls_error");
});

test("a TLS handshake that never completes is connect_timeout", { timeout: 10_000 }, async (t) => {
  const origin = await startTcpOrigin(() => undefined); // accepts TCP, never answers the ClientHello
  t.after(() => origin.close());
  const started = Date.now();
  const result = await runProbe("http", { url: origin.url("/", "https") }, probeContext(TIMEOUT_MS));
  assertFailure(result, "connect_timeout", /TLS handshake .* did not finish within 800 ms/);
  assert.ok(Date.now() - started < TIMEOUT_MS + RESULT_SLACK_MS);
});
