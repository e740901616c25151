// Invitations against a real database: an admin invites an email with a role; the single-use link
// creates that user once; expired, revoked and used links are refused alike; admins cannot invite
// above their role; every step is in the (append-only) audit log. Share links' expiry too.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Actor } from "@/lib/auth/permissions";
import { verifyPassword } from "@/lib/auth/passwords";
import { acceptInvitation, createInvitation, findPendingInvitation, listInvitations, revokeInvitation } from "@/lib/invitations/invitations";
import { createShare, findActiveShare, revokeShare } from "@/lib/shares/links";

let t: TestDatabase;
let admin: Actor;
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

before(async () => {
  t = await freshDatabase("share_invitations");
  const u = await t.db.prisma.user.create({ data: { email: "admin@example.com", role: "admin" } });
  admin = { kind: "user", id: u.id, email: u.email, name: null, role: "admin" };
});
after(async () => {
  await t?.cleanup();
});

test("invite, accept once with a password, and the audit log has both", async () => {
  const inv = await createInvitation(t.db.prisma, admin, { email: "Ed@Example.com", role: "editor" }, "https://watch.example.com");
  assert.equal(inv.delivery, "shown to copy");
  assert.match(inv.url, /^https:\/\/watch\.example\.com\/invite\/ow_inv_[A-Za-z0-9_-]{32}$/);
  assert.equal(inv.status, "pending");
  assert.equal(Math.round((Date.parse(inv.expiresAt) - Date.parse(inv.createdAt)) / 3_600_000), 72);
  const token = tokenOf(inv.url);
  assert.deepEqual(await findPendingInvitation(t.db.prisma, token), { id: inv.id, email: "ed@example.com", role: "editor" });
  const made = await acceptInvitation(t.db.prisma, { token, name: "Ed", password: "editor-password-1" });
  assert.deepEqual(made, { email: "ed@example.com", role: "editor" });
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: "ed@example.com" } });
  assert.ok(await verifyPassword("editor-password-1", user.passwordHash));
  await assert.rejects(acceptInvitation(t.db.prisma, { token, password: "editor-password-2" }), /not valid/);
  assert.equal((await listInvitations(t.db.prisma, admin)).find((i) => i.id === inv.id)?.status, "accepted");
  const actions = (await t.db.prisma.auditLog.findMany({ where: { targetId: inv.id } })).map((r) => r.action).sort();
  assert.deepEqual(actions, ["invitation.accept", "invitation.create"]);
});

test("revoked and expired invitations are refused; an admin cannot invite an owner; an existing email is a conflict", async () => {
  const a = await createInvitation(t.db.prisma, admin, { email: "v@example.com", role: "viewer" }, "http://x");
  await revokeInvitation(t.db.prisma, admin, a.id);
  await assert.rejects(acceptInvitation(t.db.prisma, { token: tokenOf(a.url), password: "viewer-password-1" }), /not valid/);
  const b = await createInvitation(t.db.prisma, admin, { email: "w@example.com", role: "viewer", expiresInHours: 1 }, "http://x");
  assert.equal(await findPendingInvitation(t.db.prisma, tokenOf(b.url), new Date(Date.now() + 2 * 3_600_000)), null);
  await assert.rejects(acceptInvitation(t.db.prisma, { token: tokenOf(b.url), password: "viewer-password-1" }, new Date(Date.now() + 2 * 3_600_000)), /not valid/);
  await assert.rejects(createInvitation(t.db.prisma, admin, { email: "o@example.com", role: "owner" }, "http://x"), /cannot invite a owner|cannot invite an owner|cannot invite/);
  await assert.rejects(createInvitation(t.db.prisma, admin, { email: "admin@example.com", role: "viewer" }, "http://x"), /already has an account/);
});

test("without a password the account waits for a GitHub/OIDC sign-in under its email", async () => {
  const inv = await createInvitation(t.db.prisma, admin, { email: "sso@example.com", role: "viewer" }, "http://x");
  await acceptInvitation(t.db.prisma, { token: tokenOf(inv.url) });
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: "sso@example.com" } });
  assert.equal(user.passwordHash, null);
});

test("a share link expires: after its time it resolves to nothing, like a revoked or unknown one; the audit log cannot be edited", async () => {
  const maker = {
    resolve: async () => ({ title: "Overview", targetId: null, backend: null, view: { range: "1h", from: null, to: null, backend: null, source: null, cause: null } }),
    capture: async () => ({}),
  };
  const now = new Date();
  const { id, token } = await createShare(t.db.prisma, admin, { target: { type: "view" }, expiresIn: "1h" }, maker, now);
  assert.ok(await findActiveShare(t.db.prisma, token, new Date(now.getTime() + 59 * 60_000)));
  assert.equal(await findActiveShare(t.db.prisma, token, new Date(now.getTime() + 61 * 60_000)), null);
  assert.equal(await findActiveShare(t.db.prisma, `${token.slice(0, -1)}x`), null);
  await revokeShare(t.db.prisma, admin, id);
  assert.equal(await findActiveShare(t.db.prisma, token), null);
  const viewer: Actor = { kind: "user", id: "v", email: "v@example.com", name: null, role: "viewer" };
  await assert.rejects(createShare(t.db.prisma, viewer, { target: { type: "view" }, expiresIn: "1h" }, maker), /Only editors, admins and owners/);
  await assert.rejects(t.db.sql.query(`UPDATE audit_log SET action = 'x'`), /append-only/);
  await assert.rejects(t.db.sql.query(`DELETE FROM audit_log`), /append-only/);
});

test("with an enabled email channel, the invitation is mailed to the invitee through its SMTP server", async () => {
  const { SMTPServer } = await import("smtp-server");
  const mails: { to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((a) => a.address), data: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.server.address() as { port: number }).port;
    const channel = await t.db.prisma.notificationChannel.create({
      data: { name: "team mail", kind: "email", config: { host: "127.0.0.1", port, from: "ow@example.com", to: ["oncall@example.com"] } },
    });
    const inv = await createInvitation(t.db.prisma, admin, { email: "mailed@example.com", role: "viewer" }, "https://watch.example.com");
    assert.equal(inv.delivery, "emailed");
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0]!.to, ["mailed@example.com"], "only the invitee, not the channel's usual recipients");
    assert.match(mails[0]!.data, /invited you to Origin Watch as viewer/);
    assert.ok(mails[0]!.data.includes(tokenOf(inv.url)), "the mail carries the link");

    // A server that is gone: the admin gets the link to copy instead.
    await t.db.prisma.notificationChannel.update({ where: { id: channel.id }, data: { config: { host: "127.0.0.1", port: 1, from: "ow@example.com", to: ["oncall@example.com"] } } });
    const fallback = await createInvitation(t.db.prisma, admin, { email: "copied@example.com", role: "viewer" }, "https://watch.example.com");
    assert.equal(fallback.delivery, "shown to copy");
    await t.db.prisma.notificationChannel.delete({ where: { id: channel.id } });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
