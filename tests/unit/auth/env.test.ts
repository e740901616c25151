import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { authConfig, databaseConfig, embeddedSharedBuffersMb, redactUrl, trustedProxiesConfig } from "@/lib/config/env";

test("no DATABASE_URL means the embedded database under DATA_DIR (default ./data)", () => {
  assert.deepEqual(databaseConfig({}), { mode: "embedded", dataDir: resolve("./data") });
  assert.deepEqual(databaseConfig({ DATA_DIR: "/tmp/x" }), { mode: "embedded", dataDir: "/tmp/x" });
});

test("a PostgreSQL URL is accepted as is", () => {
  assert.deepEqual(databaseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/ow" }), { mode: "postgres", url: "postgresql://u:p@db:5432/ow" });
});

test("an unparsable DATABASE_URL is refused with the fix, and the password is never printed", () => {
  for (const bad of ["mysql://u:secret@h/db", "not a url", "postgresql://"]) {
    assert.throws(
      () => databaseConfig({ DATABASE_URL: bad }),
      (e: Error) => /DATABASE_URL is not a PostgreSQL URL/.test(e.message) && /unset it to use the embedded database/.test(e.message) && !e.message.includes("secret"),
    );
  }
  assert.equal(redactUrl("postgresql://user:hunter2@h:5432/db"), "postgresql://user:***@h:5432/db");
});

test("production refuses to start without NEXTAUTH_SECRET, or with one shorter than 32 bytes", () => {
  assert.throws(() => authConfig({ NODE_ENV: "production" }), /NEXTAUTH_SECRET is not set/);
  const secret = "s".repeat(32);
  assert.equal(authConfig({ NODE_ENV: "production", NEXTAUTH_SECRET: secret }).secret, secret);
  assert.throws(() => authConfig({ NODE_ENV: "production", NEXTAUTH_SECRET: "s" }), /too short \(1 bytes.*openssl rand -base64 32/);
  // Development keeps working with anything.
  assert.equal(authConfig({ NEXTAUTH_SECRET: "s" }).secret, "s");
});

test("TRUSTED_PROXIES: nothing, a hop count or a list of CIDR ranges; anything else stops start-up", () => {
  assert.deepEqual(trustedProxiesConfig({}), { kind: "none" });
  assert.deepEqual(trustedProxiesConfig({ TRUSTED_PROXIES: "0" }), { kind: "none" });
  assert.deepEqual(trustedProxiesConfig({ TRUSTED_PROXIES: " 2 " }), { kind: "hops", hops: 2 });
  const cidrs = trustedProxiesConfig({ TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1 ::1 fd00::/8" });
  assert.equal(cidrs.kind, "cidrs");
  assert.deepEqual(cidrs.kind === "cidrs" ? cidrs.ranges.map((r) => r.text) : [], ["10.0.0.0/8", "127.0.0.1/32", "::1/128", "fd00::/8"]);
  for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8/1", "1.2.3.4/x", "::1/129"]) {
    assert.throws(() => trustedProxiesConfig({ TRUSTED_PROXIES: bad }), /TRUSTED_PROXIES: .* is not an address or CIDR range/);
  }
});

test("OAuth providers are enabled only when all their variables are set", () => {
  assert.equal(authConfig({ GITHUB_ID: "x" }).github, undefined);
  assert.deepEqual(authConfig({ GITHUB_ID: "x", GITHUB_SECRET: "y" }).github, { clientId: "x", clientSecret: "y" });
  assert.equal(authConfig({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" }).oidc?.name, "Single sign-on");
});

test("the embedded database's buffer cache: 32 MB unless EMBEDDED_SHARED_BUFFERS_MB says otherwise; nonsense stops start-up naming it", () => {
  assert.equal(embeddedSharedBuffersMb({}), 32);
  assert.equal(embeddedSharedBuffersMb({ EMBEDDED_SHARED_BUFFERS_MB: " 128 " }), 128);
  assert.throws(() => embeddedSharedBuffersMb({ EMBEDDED_SHARED_BUFFERS_MB: "lots" }), /EMBEDDED_SHARED_BUFFERS_MB=lots is not a positive whole number/);
});
