// Issue #9, row 9: signing out ends the session on the server, not only in the browser (the
// cookie is a self-contained JWT that stays valid for 30 days); and a production server refuses
// a NEXTAUTH_SECRET too short to keep cookies from being forged.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s?.stop();
});

const meStatus = async (cookie: string) => (await fetch(`${s.baseUrl}/api/v1/me`, { headers: { cookie } })).status;

/** Signs out as the dashboard's button does: next-auth's signout POST with its CSRF token. */
async function signOut(cookie: string): Promise<string[]> {
  const csrf = await fetch(`${s.baseUrl}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const r = await fetch(`${s.baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: s.baseUrl },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/signin", json: "true" }),
  });
  assert.ok(r.status < 400, `sign-out answered ${r.status}`);
  return r.headers.getSetCookie();
}

test("after signing out, the old session cookie gets 401; other sessions of the user stay", async () => {
  const cookie = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const other = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  assert.equal(await meStatus(cookie), 200);
  const cleared = await signOut(cookie);
  // The browser is told to forget the cookie; one that kept it anyway gets nowhere.
  assert.ok(cleared.some((c) => c.includes("session-token=;")), cleared.join("\n"));
  assert.equal(await meStatus(cookie), 401);
  assert.equal(await meStatus(other), 200);
  const r = await fetch(`${s.baseUrl}/api/v1/events`, {
    method: "POST",
    headers: { cookie, origin: s.baseUrl, "content-type": "application/json" },
    body: JSON.stringify({ type: "note", title: "after sign-out" }),
  });
  assert.equal(r.status, 401);
  // Signing in again gives a new session that works.
  assert.equal(await meStatus(await signIn(s.baseUrl, s.owner.email, s.owner.password)), 200);
});

test("a production server started with NEXTAUTH_SECRET=x refuses to start and says how to make one", async () => {
  // A server that starts anyway is stopped again, so a failing run leaves nothing behind.
  const refusal = await startServer({ env: { NEXTAUTH_SECRET: "x" } }).then(
    async (started) => {
      await started.stop();
      return null;
    },
    (e: Error) => e,
  );
  assert.ok(refusal, "the server started with NEXTAUTH_SECRET=x");
  assert.match(refusal.message, /server exited/);
  assert.match(refusal.message, /NEXTAUTH_SECRET is too short/);
  assert.match(refusal.message, /openssl rand -base64 32/);
});
