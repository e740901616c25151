// Issue #9, row 5: an API token follows its creator. It acts with the lower of its own role and
// its creator's current role, and stops working while the creator is disabled. A token made by
// the CLI has no creator and keeps its role; one made by a token follows that token's creator.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { actorFromApiToken, createApiToken } from "@/lib/auth/api-tokens";
import { createUser, setupFirstOwner, updateUser } from "@/lib/auth/users";
import type { Actor } from "@/lib/auth/permissions";

let s: RunningServer;
let t: TestDatabase;
before(async () => {
  // The embedded database first: opening it keeps this process busy long enough for the server
  // to close an idle keep-alive connection under fetch's feet.
  t = await freshDatabase("row05");
  s = await startServer();
});
after(async () => {
  await s?.stop();
  await t?.cleanup();
});

function api(path: string, init: { method?: string; body?: unknown; token?: string; cookie?: string } = {}): Promise<Response> {
  const auth: Record<string, string> = init.cookie ? { cookie: init.cookie, origin: s.baseUrl } : { authorization: `Bearer ${init.token ?? s.token}` };
  return fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...auth },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

test("an admin's admin token loses admin power when the admin is demoted, and all power when disabled", async () => {
  const password = "admin password 123";
  const created = await api("/api/v1/users", { method: "POST", body: { email: "admin@example.com", password, role: "admin" } });
  assert.equal(created.status, 201);
  const { user: admin } = (await created.json()) as { user: { id: string } };
  const cookie = await signIn(s.baseUrl, "admin@example.com", password);
  const minted = await api("/api/v1/tokens", { method: "POST", cookie, body: { name: "admin automation", role: "admin" } });
  assert.equal(minted.status, 201, await minted.clone().text());
  const { token } = (await minted.json()) as { token: string };
  const newUser = (n: number) => ({ method: "POST", token, body: { email: `made-by-token-${n}@example.com`, password, role: "viewer" } });
  assert.equal((await api("/api/v1/users", newUser(1))).status, 201);

  assert.equal((await api(`/api/v1/users/${admin.id}`, { method: "PATCH", body: { role: "viewer" } })).status, 200);
  assert.equal((await api("/api/v1/users", newUser(2))).status, 403);
  assert.equal((await api("/api/v1/tokens", { method: "POST", token, body: { name: "escape", role: "admin" } })).status, 403);
  // It still reads, as the viewer its creator now is.
  assert.equal((await api("/api/v1/backends", { token })).status, 200);
  const me = (await (await api("/api/v1/me", { token })).json()) as { actor: { role: string } };
  assert.equal(me.actor.role, "viewer");

  assert.equal((await api(`/api/v1/users/${admin.id}`, { method: "PATCH", body: { disabled: true } })).status, 200);
  assert.equal((await api("/api/v1/backends", { token })).status, 401);
  assert.equal((await api("/api/v1/users", newUser(3))).status, 401);
});

test("a CLI token keeps its role; a token made by a token follows the human behind it; removing a user removes their tokens", async () => {
  const prisma = t.db.prisma;
  const o = await setupFirstOwner(prisma, { email: "owner@example.com", password: "owner password 123" });
  const owner: Actor = { kind: "user", id: o.id, email: o.email, name: null, role: "owner" };
  const a = await createUser(prisma, owner, { email: "a@example.com", password: "admin password 123", role: "admin" });
  const admin: Actor = { kind: "user", id: a.id, email: a.email, name: null, role: "admin" };

  const cli = await createApiToken(prisma, { kind: "cli", id: "cli", role: "owner" }, { name: "cli", role: "owner" });
  const parent = await createApiToken(prisma, admin, { name: "parent", role: "admin" });
  const parentActor = (await actorFromApiToken(prisma, parent.token))!;
  const child = await createApiToken(prisma, parentActor, { name: "child", role: "admin" });
  assert.equal((await prisma.apiToken.findUniqueOrThrow({ where: { id: child.record.id } })).createdById, a.id);

  await updateUser(prisma, owner, a.id, { role: "editor" });
  assert.equal((await actorFromApiToken(prisma, parent.token))?.role, "editor");
  assert.equal((await actorFromApiToken(prisma, child.token))?.role, "editor");
  assert.equal((await actorFromApiToken(prisma, cli.token))?.role, "owner");

  await prisma.user.delete({ where: { id: a.id } });
  assert.equal(await actorFromApiToken(prisma, parent.token), null);
  assert.equal(await actorFromApiToken(prisma, child.token), null);
  assert.equal(await prisma.apiToken.count({ where: { id: { in: [parent.record.id, child.record.id] } } }), 0);
  assert.equal((await actorFromApiToken(prisma, cli.token))?.role, "owner");
});
