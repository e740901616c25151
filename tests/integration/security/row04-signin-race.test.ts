// Issue #9, row 4: sign-in limits that hold. Parallel guesses cannot all slip under the limit (an
// attempt reserves its place before the password is checked), and the per-address limit keys on
// the socket's peer: a forged X-Forwarded-For neither escapes it nor locks someone else out.
// Only with TRUSTED_PROXIES does a forwarded address count.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startServer, type RunningServer } from "../../helpers/server";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from "@/lib/auth/rate-limit";
import { attemptSignIn, count, csrfPair } from "./support/auth-http";

let s: RunningServer;
let proxied: RunningServer;
const password = "the right password";

before(async () => {
  s = await startServer();
  // 127.0.0.1 plays a reverse proxy here; the tests speak from other loopback addresses too.
  proxied = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1/32" } });
});
after(async () => {
  await s?.stop();
  await proxied?.stop();
});

async function addUser(server: RunningServer, email: string): Promise<void> {
  const r = await fetch(`${server.baseUrl}/api/v1/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify({ email, password, role: "viewer" }),
  });
  assert.equal(r.status, 201, await r.text());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomAddress = () => `198.51.100.${randomBytes(1)[0]! % 250}`;
const stranger = () => `nobody-${randomBytes(4).toString("hex")}@example.com`;

test("40 parallel wrong passwords on one account: at most 5 are checked, the rest refused without a check", async () => {
  await addUser(s, "race40@example.com");
  const csrf = await csrfPair(s.baseUrl);
  const outcomes = await Promise.all(
    Array.from({ length: 40 }, (_, i) => attemptSignIn(s.baseUrl, csrf, "race40@example.com", `wrong password ${i}`, { from: "127.0.0.11" })),
  );
  assert.ok(count(outcomes, "wrong") <= MAX_FAILURES_PER_ACCOUNT, `checked ${count(outcomes, "wrong")}: ${outcomes.join(", ")}`);
  assert.equal(count(outcomes, "wrong") + count(outcomes, "limited"), 40, outcomes.join(", "));
  // The account is locked now, even with the right password.
  assert.equal(await attemptSignIn(s.baseUrl, csrf, "race40@example.com", password, { from: "127.0.0.11" }), "limited");
});

test("30 parallel guesses with the right one last: it does not sign in once the limit is hit", async () => {
  await addUser(s, "race30@example.com");
  const csrf = await csrfPair(s.baseUrl);
  const wrong = Array.from({ length: 29 }, (_, i) => attemptSignIn(s.baseUrl, csrf, "race30@example.com", `wrong password ${i}`, { from: "127.0.0.12" }));
  // Sent while the 29 are still being checked (a bcrypt check takes ~100 ms, and they queue).
  await sleep(100);
  const right = attemptSignIn(s.baseUrl, csrf, "race30@example.com", password, { from: "127.0.0.12" });
  const outcomes = await Promise.all(wrong);
  assert.ok(count(outcomes, "wrong") <= MAX_FAILURES_PER_ACCOUNT, outcomes.join(", "));
  assert.equal(await right, "limited");
});

test("a forged X-Forwarded-For does not get around the per-address limit", async () => {
  const csrf = await csrfPair(s.baseUrl);
  // Different accounts each time, so only the per-address limit applies; a new forged address each time.
  for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
    assert.equal(await attemptSignIn(s.baseUrl, csrf, stranger(), password, { from: "127.0.0.13", forwardedFor: randomAddress() }), "wrong");
  }
  assert.equal(await attemptSignIn(s.baseUrl, csrf, stranger(), password, { from: "127.0.0.13", forwardedFor: randomAddress() }), "limited");
  assert.equal(await attemptSignIn(s.baseUrl, csrf, stranger(), password, { from: "127.0.0.13" }), "limited");
});

test("a forged X-Forwarded-For does not lock out the address it names", async () => {
  await addUser(s, "victim@example.com");
  const csrf = await csrfPair(s.baseUrl);
  for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
    assert.equal(await attemptSignIn(s.baseUrl, csrf, stranger(), password, { from: "127.0.0.14", forwardedFor: "127.0.0.15" }), "wrong");
  }
  // The attacker's own address is used up, the one it named is not.
  assert.equal(await attemptSignIn(s.baseUrl, csrf, stranger(), password, { from: "127.0.0.14", forwardedFor: "127.0.0.15" }), "limited");
  assert.equal(await attemptSignIn(s.baseUrl, csrf, "victim@example.com", password, { from: "127.0.0.15" }), "signed-in");
});

test("with TRUSTED_PROXIES, the address a trusted proxy forwards is the one limited", async () => {
  const csrf = await csrfPair(proxied.baseUrl);
  // Through the "proxy" (127.0.0.1): the client it names is limited, not the proxy.
  for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
    assert.equal(await attemptSignIn(proxied.baseUrl, csrf, stranger(), password, { from: "127.0.0.1", forwardedFor: "203.0.113.5" }), "wrong");
  }
  assert.equal(await attemptSignIn(proxied.baseUrl, csrf, stranger(), password, { from: "127.0.0.1", forwardedFor: "203.0.113.5" }), "limited");
  assert.equal(await attemptSignIn(proxied.baseUrl, csrf, stranger(), password, { from: "127.0.0.1", forwardedFor: "203.0.113.6" }), "wrong");
  // A peer that is not a trusted proxy cannot pick its address, not even the one of a used-up client.
  assert.equal(await attemptSignIn(proxied.baseUrl, csrf, stranger(), password, { from: "127.0.0.16", forwardedFor: "203.0.113.6" }), "wrong");
  assert.equal(await attemptSignIn(proxied.baseUrl, csrf, stranger(), password, { from: "127.0.0.17", forwardedFor: "203.0.113.5" }), "wrong");
});
