// Ending sessions, against the real server and next-auth's real cookies: a new password signs out
// the user's other browsers (not the one that changed it), an admin's reset or a disable signs
// out all of them, and "sign out everywhere else" ends every session but the asking one.
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

/** A request with a session cookie (a browser) or, by default, the owner's API token. */
function call(path: string, init: { method?: string; body?: unknown; cookie?: string; token?: string } = {}): Promise<Response> {
  // A browser's own page sends its Origin with a cookie (lib/http/cross-site.ts).
  const auth: Record<string, string> = init.cookie ? { cookie: init.cookie, origin: s.baseUrl } : { authorization: `Bearer ${init.token ?? s.token}` };
  return fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...auth },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** 200 while the cookie's session counts, 401 once it was ended. */
const meStatus = async (cookie: string) => (await call("/api/v1/me", { cookie })).status;

async function ownerId(): Promise<string> {
  const r = await call("/api/v1/users");
  const { users } = (await r.json()) as { users: { id: string; email: string }[] };
  return users.find((u) => u.email === s.owner.email)!.id;
}

test("a new password signs out the user's other browsers; the one that changed it stays signed in", async () => {
  const here = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const elsewhere = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  assert.equal(await meStatus(here), 200);
  assert.equal(await meStatus(elsewhere), 200);

  const id = await ownerId();
  const newPassword = "a brand new passphrase";
  const changed = await call(`/api/v1/users/${id}`, { method: "PATCH", cookie: here, body: { password: newPassword, currentPassword: s.owner.password } });
  assert.equal(changed.status, 200, await changed.text());

  assert.equal(await meStatus(elsewhere), 401, "the other browser is signed out");
  assert.equal(await meStatus(here), 200, "the browser that changed the password stays signed in");
  await assert.rejects(signIn(s.baseUrl, s.owner.email, s.owner.password), /sign-in failed/);
  const fresh = await signIn(s.baseUrl, s.owner.email, newPassword);
  assert.equal(await meStatus(fresh), 200, "signing in again with the new password works");
  // API tokens are not sessions: the owner's token still works.
  assert.equal((await call("/api/v1/me")).status, 200);
  s.owner.password = newPassword;
});

test("sign out everywhere else: every other session ends, the asking one stays; a token cannot ask", async () => {
  const here = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const laptop = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const phone = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const r = await call("/api/v1/me/sessions", { method: "DELETE", cookie: here });
  const body = await r.text();
  assert.equal(r.status, 200, body);
  assert.match((JSON.parse(body) as { endedAt: string }).endedAt, /^\d{4}-\d\d-\d\dT/);
  assert.equal(await meStatus(laptop), 401);
  assert.equal(await meStatus(phone), 401);
  assert.equal(await meStatus(here), 200);
  // A later sign-in is a new session and counts.
  assert.equal(await meStatus(await signIn(s.baseUrl, s.owner.email, s.owner.password)), 200);

  const byToken = await call("/api/v1/me/sessions", { method: "DELETE" });
  assert.equal(byToken.status, 400);
  assert.match(((await byToken.json()) as { error: { message: string } }).error.message, /browser session/);
});

test("an admin's password reset, or disabling the account, signs out all of the user's sessions", async () => {
  const password = "viewer password 1";
  const created = await call("/api/v1/users", { method: "POST", body: { email: "viewer@example.com", password, role: "viewer" } });
  const body = await created.text();
  assert.equal(created.status, 201, body);
  const { user } = JSON.parse(body) as { user: { id: string } };
  const first = await signIn(s.baseUrl, "viewer@example.com", password);
  const second = await signIn(s.baseUrl, "viewer@example.com", password);

  const reset = await call(`/api/v1/users/${user.id}`, { method: "PATCH", body: { password: "viewer password 2" } });
  assert.equal(reset.status, 200, await reset.text());
  assert.equal(await meStatus(first), 401);
  assert.equal(await meStatus(second), 401);

  const again = await signIn(s.baseUrl, "viewer@example.com", "viewer password 2");
  assert.equal(await meStatus(again), 200);
  assert.equal((await call(`/api/v1/users/${user.id}`, { method: "PATCH", body: { disabled: true } })).status, 200);
  assert.equal((await call(`/api/v1/users/${user.id}`, { method: "PATCH", body: { disabled: false } })).status, 200);
  assert.equal(await meStatus(again), 401, "re-enabling the account does not bring its old sessions back");
});

test("disabling your own account ends your sessions too: re-enabling by another admin does not revive them", async () => {
  const password = "admin password 1";
  const created = await call("/api/v1/users", { method: "POST", body: { email: "admin@example.com", password, role: "admin" } });
  const body = await created.text();
  assert.equal(created.status, 201, body);
  const { user } = JSON.parse(body) as { user: { id: string } };
  const own = await signIn(s.baseUrl, "admin@example.com", password);
  const disabled = await call(`/api/v1/users/${user.id}`, { method: "PATCH", cookie: own, body: { disabled: true } });
  assert.equal(disabled.status, 200, await disabled.text());
  assert.equal(await meStatus(own), 401);
  assert.equal((await call(`/api/v1/users/${user.id}`, { method: "PATCH", body: { disabled: false } })).status, 200);
  assert.equal(await meStatus(own), 401, "the session that disabled itself stays ended");
  assert.equal(await meStatus(await signIn(s.baseUrl, "admin@example.com", password)), 200);
});
