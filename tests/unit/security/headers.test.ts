import { test } from "node:test";
import assert from "node:assert/strict";
import { headersConfig } from "@/lib/config/env";
import { STATIC_HEADERS, newNonce, pageHeaders, pagePolicy } from "@/lib/security/headers";

const opts = { nonce: "bm9uY2Utbm9uY2Utbm9uY2U=", dev: false, https: false };

test("production pages: a nonce for scripts and style elements, no eval, nothing inline but style attributes", () => {
  const csp = pagePolicy(opts);
  assert.match(csp, /script-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uY2U=' 'strict-dynamic';/);
  assert.match(csp, /style-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uY2U=';/);
  assert.match(csp, /style-src-attr 'unsafe-inline'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.equal(csp.match(/unsafe-inline/g)?.length, 1);
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "connect-src 'self'", "img-src 'self' data: blob:", "base-uri 'none'", "form-action 'self'"]) {
    assert.ok(csp.includes(d), d);
  }
  assert.doesNotMatch(csp, /upgrade-insecure-requests/);
});

test("next dev: eval for React's dev tooling, inline styles for its overlay", () => {
  const csp = pagePolicy({ ...opts, dev: true });
  assert.match(csp, /script-src [^;]*'unsafe-eval'/);
  assert.match(csp, /style-src 'self' 'unsafe-inline'/);
});

test("HSTS and upgrade-insecure-requests only for an https public URL", () => {
  assert.equal(pageHeaders("/", opts)["strict-transport-security"], undefined);
  const https = pageHeaders("/", { ...opts, https: true });
  assert.equal(https["strict-transport-security"], "max-age=31536000");
  assert.match(https["content-security-policy"]!, /upgrade-insecure-requests$/);
  assert.deepEqual(headersConfig({ NEXTAUTH_URL: "https://watch.example.com" }), { dev: false, https: true });
  assert.deepEqual(headersConfig({ NEXTAUTH_URL: "http://10.0.0.5:3000" }), { dev: false, https: false });
  assert.deepEqual(headersConfig({ NODE_ENV: "development" }), { dev: true, https: false });
});

test("per-path overrides: share pages send no referrer at all; other pages the default", () => {
  assert.equal(pageHeaders("/s/abc123", opts)["referrer-policy"], "no-referrer");
  assert.equal(pageHeaders("/settings/sources", opts)["referrer-policy"], "strict-origin-when-cross-origin");
  assert.equal(pageHeaders("/s", opts)["referrer-policy"], "strict-origin-when-cross-origin");
});

test("the static set (API, assets): same names in lower case, a policy that allows nothing", () => {
  for (const name of Object.keys(STATIC_HEADERS)) assert.equal(name, name.toLowerCase());
  assert.deepEqual(Object.keys(pageHeaders("/", opts)).sort(), Object.keys(STATIC_HEADERS).sort());
  assert.match(STATIC_HEADERS["content-security-policy"]!, /^default-src 'none'; frame-ancestors 'none'/);
});

test("nonces: 128 random bits in base64, new each time", () => {
  const a = newNonce();
  assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
  assert.notEqual(a, newNonce());
});
