import { test } from "node:test";
import assert from "node:assert/strict";
import { redactProbeConfig, redactUrl, redactUrlsInText, restoreWriteOnlyValues } from "@/lib/probes/config-secrets";

const URL_WITH_SECRETS = "https://ops:s3cret@origin.example:8443/status?api_key=abc123&json&v=2#top";

test("query values are for admins; the URL password is for nobody; the rest is kept as typed", () => {
  assert.equal(redactUrl(URL_WITH_SECRETS, "viewer"), "https://ops:hidden@origin.example:8443/status?api_key=***&json&v=***#top");
  assert.equal(redactUrl(URL_WITH_SECRETS, "editor"), "https://ops:hidden@origin.example:8443/status?api_key=***&json&v=***#top");
  assert.equal(redactUrl(URL_WITH_SECRETS, "admin"), "https://ops:hidden@origin.example:8443/status?api_key=abc123&json&v=2#top");
  assert.equal(redactUrl("http://10.0.0.1/health", "viewer"), "http://10.0.0.1/health");
  const loop = "Redirect loop: http://a/x?t=1 -> http://u:p@a/y?t=2 -> http://a/x?t=1";
  assert.equal(redactUrlsInText(loop, "editor"), "Redirect loop: http://a/x?t=*** -> http://u:hidden@a/y?t=*** -> http://a/x?t=***");
  // Those URLs come from Location headers: viewers see where they point, not the paths.
  assert.equal(redactUrlsInText(loop, "viewer"), "Redirect loop: http://a/… -> http://a/… -> http://a/…");
});

test("header values are write-only for every reader, admins included", () => {
  const config = { url: URL_WITH_SECRETS, headers: { Authorization: "Bearer t", Host: "shop.example" }, tlsVerify: true };
  assert.deepEqual(redactProbeConfig(config, "admin"), {
    url: "https://ops:hidden@origin.example:8443/status?api_key=abc123&json&v=2#top",
    headers: { Authorization: "[hidden]", Host: "[hidden]" },
    tlsVerify: true,
  });
});

test("an update that sends markers back, or leaves headers out, keeps the stored values", () => {
  const stored = { url: URL_WITH_SECRETS, headers: { Authorization: "Bearer t" } };
  const asRead = redactProbeConfig(stored, "editor");
  assert.deepEqual(restoreWriteOnlyValues(asRead, stored), { ok: true, config: stored });
  assert.deepEqual(restoreWriteOnlyValues({ url: asRead.url }, stored), { ok: true, config: stored });
  // A new value replaces the stored one; a header sent with its value is taken as sent.
  const changed = restoreWriteOnlyValues({ url: asRead.url, headers: { authorization: "[hidden]", "X-New": "1" } }, stored);
  assert.deepEqual(changed, { ok: true, config: { url: URL_WITH_SECRETS, headers: { authorization: "Bearer t", "X-New": "1" } } });
});

test("stored secrets never follow the URL to another origin", () => {
  const stored = { url: URL_WITH_SECRETS, headers: { Authorization: "Bearer t" } };
  const moved = restoreWriteOnlyValues({ url: "https://ops:hidden@evil.example:8443/status?api_key=***", headers: { Authorization: "[hidden]" } }, stored);
  assert.equal(moved.ok, false);
  assert.deepEqual(moved.ok ? [] : moved.issues.map((i) => i.path).sort(), ["config.headers.Authorization", "config.url", "config.url"]);
  // Left out, headers are not carried to the new origin either.
  assert.deepEqual(restoreWriteOnlyValues({ url: "https://evil.example/" }, stored), { ok: true, config: { url: "https://evil.example/" } });
  // A marker with nothing stored behind it is refused, not saved as the literal text.
  const nothing = restoreWriteOnlyValues({ url: "http://h/?k=***" }, { url: "http://h/" });
  assert.equal(nothing.ok, false);
});

test("database and cache URL passwords are hidden, kept on the same host and never follow it elsewhere", () => {
  const stored = { url: "postgresql://watch:pg-s3cret@orders-db:5432/shop", longQuerySeconds: 10 };
  assert.equal(redactProbeConfig(stored, "admin").url, "postgresql://watch:hidden@orders-db:5432/shop");
  assert.equal(redactUrl("redis://:r3dis@cache:6379", "viewer"), "redis://:hidden@cache:6379");
  // Same host and port: the marker keeps the stored password.
  const kept = restoreWriteOnlyValues({ url: "postgresql://watch:hidden@orders-db:5432/shop", longQuerySeconds: 5 }, stored);
  assert.deepEqual(kept, { ok: true, config: { url: "postgresql://watch:pg-s3cret@orders-db:5432/shop", longQuerySeconds: 5 } });
  // These URLs have no WHATWG origin ("null" for all): another host must not inherit the password.
  const moved = restoreWriteOnlyValues({ url: "postgresql://watch:hidden@attacker.example:5432/shop" }, stored);
  assert.equal(moved.ok, false);
  const otherPort = restoreWriteOnlyValues({ url: "postgresql://watch:hidden@orders-db:6543/shop" }, stored);
  assert.equal(otherPort.ok, false);
});
