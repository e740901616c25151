// Accounts against a real database: first-run setup, roles, API tokens, sign-in limits.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { setupFirstOwner, createUser, updateUser, needsSetup } from "@/lib/auth/users";
import { createApiToken, actorFromApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { hashSecret } from "@/lib/auth/secrets";
import { MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/rate-limit";
import type { Actor } from "@/lib/auth/permissions";
import type { AppError } from "@/lib/errors/app-error";

let t: TestDatabase;
let owner: Actor;
const password = "correct horse battery";

before(async () => {
  t = await freshDatabase("accounts");
});
after(async () => {
  await t?.cleanup();
});

const code = (c: string) => (e: unknown) => (e as AppError).code === c;

test("first run: the first account becomes owner, and setup cannot be replayed", async () => {
  const prisma = t.db.prisma;
  assert.equal(await needsSetup(prisma), true);
  await assert.rejects(setupFirstOwner(prisma, { email: "not-an-email", password: "short" }), (e: AppError) => {
    assert.equal(e.code, "bad_request");
    assert.deepEqual(e.fields?.map((f) => f.path).sort(), ["email", "password"]);
    return true;
  });
  // Two racing setups: exactly one wins.
  const results = await Promise.allSettled([
    setupFirstOwner(prisma, { email: "Owner@Example.com", password }),
    setupFirstOwner(prisma, { email: "other@example.com", password }),
  ]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  const u = (await prisma.user.findMany())[0]!;
  assert.equal(u.role, "owner");
  assert.ok(u.email === "owner@example.com" || u.email === "other@example.com");
  assert.notEqual(u.passwordHash, password);
  owner = { kind: "user", id: u.id, email: u.email, name: null, role: "owner" };
  await assert.rejects(setupFirstOwner(prisma, { email: "late@example.com", password }), code("conflict"));
});

test("admins add users up to their own role; the last owner cannot be demoted", async () => {
  const prisma = t.db.prisma;
  const admin = await createUser(prisma, owner, { email: "admin@example.com", password, role: "admin" });
  const adminActor: Actor = { kind: "user", id: admin.id, email: admin.email, name: null, role: "admin" };
  await assert.rejects(createUser(prisma, adminActor, { email: "o2@example.com", password, role: "owner" }), code("forbidden"));
  const viewer = await createUser(prisma, adminActor, { email: "viewer@example.com", password, role: "viewer" });
  const viewerActor: Actor = { kind: "user", id: viewer.id, email: viewer.email, name: null, role: "viewer" };
  await assert.rejects(createUser(prisma, viewerActor, { email: "x@example.com", password, role: "viewer" }), code("forbidden"));
  await assert.rejects(createUser(prisma, owner, { email: "viewer@example.com", password, role: "viewer" }), code("conflict"));
  await assert.rejects(updateUser(prisma, owner, owner.id, { role: "admin" }), code("conflict"));
  await assert.rejects(updateUser(prisma, adminActor, owner.id, { disabled: true }), code("forbidden"));
  // A viewer may change their own password but not their own role.
  await assert.rejects(updateUser(prisma, viewerActor, viewer.id, { password: "another long password" }), (e: AppError) => e.fields?.[0]?.path === "currentPassword");
  await updateUser(prisma, viewerActor, viewer.id, { password: "another long password", currentPassword: password });
  await assert.rejects(updateUser(prisma, viewerActor, viewer.id, { role: "admin" }), code("forbidden"));
  const audit = await prisma.auditLog.findMany({ where: { action: "user.create" } });
  assert.equal(audit.length, 2);
});

test("API tokens: shown once, stored as a hash, refused once revoked or expired", async () => {
  const prisma = t.db.prisma;
  const { token, record } = await createApiToken(prisma, owner, { name: "deploy bot", role: "editor" });
  assert.match(token, /^ow_api_[A-Za-z0-9_-]{32}$/);
  const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } });
  assert.equal(row.tokenHash, hashSecret(token));
  assert.ok(!JSON.stringify(row).includes(token));
  assert.deepEqual(await actorFromApiToken(prisma, token), { kind: "token", id: record.id, name: "deploy bot", role: "editor" });
  assert.equal(await actorFromApiToken(prisma, token + "x"), null);
  assert.equal(await actorFromApiToken(prisma, "ow_api_guess"), null);

  const expiring = await createApiToken(prisma, owner, { name: "short", role: "viewer", expiresInDays: 1 });
  assert.equal(await actorFromApiToken(prisma, expiring.token, new Date(Date.now() + 2 * 86_400_000)), null);

  await revokeApiToken(prisma, owner, record.id);
  assert.equal(await actorFromApiToken(prisma, token), null);
});

test("sign-in: wrong passwords are limited per account, and the limit says when to retry", async () => {
  const prisma = t.db.prisma;
  const ok = await signInWithPassword(prisma, { email: "admin@example.com", password }, "10.0.0.1");
  assert.equal(ok.role, "admin");
  for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
    await assert.rejects(signInWithPassword(prisma, { email: "admin@example.com", password: "wrong" }, "10.0.0.2"), code("unauthorized"));
  }
  // Locked now, even with the right password and from another address.
  await assert.rejects(signInWithPassword(prisma, { email: "admin@example.com", password }, "10.0.0.3"), (e: AppError) => {
    assert.equal(e.code, "rate_limited");
    assert.ok((e.retryAfterSeconds ?? 0) > 0);
    return true;
  });
  // Other accounts are not affected.
  assert.equal((await signInWithPassword(prisma, { email: "viewer@example.com", password: "another long password" }, "10.0.0.4")).role, "viewer");
  // Unknown and disabled accounts fail the same way as a wrong password.
  await assert.rejects(signInWithPassword(prisma, { email: "nobody@example.com", password }, null), (e: AppError) => e.message === "Wrong email or password.");
});
