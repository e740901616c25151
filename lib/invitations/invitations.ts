// Invitations: an admin invites an email with a role; the single-use link (192 random bits, only
// its SHA-256 kept) lets that person set a password, or just claim the account and sign in with
// GitHub/OIDC under that email. Accepting creates the user; an invitation is used once.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import { actorLabel, assertCan, assignableRoles, type Actor } from "@/lib/auth/permissions";
import { parseRole } from "@/lib/auth/roles";
import { hashSecret, newSecret, safeEqual } from "@/lib/auth/secrets";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse";
import { deliverInvitation, type Delivery } from "@/lib/invitations/deliver";
import { AcceptInvitationInput, CreateInvitationInput, type InvitationView } from "@/lib/invitations/schemas";

export const INVITATION_TOKEN_PREFIX = "ow_inv";

type Row = { id: string; email: string; role: string; createdAt: Date; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null; createdBy?: { email: string } | null };

function toView(r: Row, now: Date): InvitationView {
  const status = r.acceptedAt ? "accepted" : r.revokedAt ? "revoked" : r.expiresAt <= now ? "expired" : "pending";
  return { id: r.id, email: r.email, role: parseRole(r.role), status, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), invitedBy: r.createdBy?.email ?? null };
}

export async function createInvitation(
  prisma: PrismaClient,
  actor: Actor,
  raw: unknown,
  origin: string,
  now = new Date(),
): Promise<InvitationView & { url: string; delivery: Delivery }> {
  assertCan(actor, "users.manage");
  const input = parseInput(CreateInvitationInput, raw);
  if (!assignableRoles(actor).includes(input.role)) throw new AppError("forbidden", `Your role (${actor.role}) cannot invite a ${input.role}.`);
  const token = newSecret(INVITATION_TOKEN_PREFIX);
  const row = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new AppError("conflict", `${input.email} already has an account.`, { fields: [{ path: "email", message: "This email already has an account." }] });
    }
    // A new invitation replaces a pending one for the same email: one live link per person.
    await tx.invitation.updateMany({ where: { email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const created = await tx.invitation.create({
      data: { email: input.email, role: input.role, tokenHash: hashSecret(token), createdById: actor.kind === "user" ? actor.id : null, createdAt: now, expiresAt: new Date(now.getTime() + input.expiresInHours * 3_600_000) },
    });
    await recordAudit(tx, actor, "invitation.create", { type: "invitation", id: created.id }, { email: created.email, role: created.role });
    return created;
  });
  const url = `${origin}/invite/${token}`;
  const delivery = await deliverInvitation(prisma, { email: row.email, role: row.role, url, expiresAt: row.expiresAt, invitedBy: actorLabel(actor) });
  return { ...toView(row, now), url, delivery };
}

export async function listInvitations(prisma: PrismaClient, actor: Actor, now = new Date()): Promise<InvitationView[]> {
  assertCan(actor, "users.manage");
  const rows = await prisma.invitation.findMany({ orderBy: { createdAt: "desc" }, take: 500, include: { createdBy: { select: { email: true } } } });
  return rows.map((r) => toView(r, now));
}

export async function revokeInvitation(prisma: PrismaClient, actor: Actor, id: string, now = new Date()): Promise<InvitationView> {
  assertCan(actor, "users.manage");
  return prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", "No such invitation.");
    if (row.acceptedAt) throw new AppError("conflict", "This invitation was accepted: disable the user instead.");
    const updated = row.revokedAt ? row : await tx.invitation.update({ where: { id }, data: { revokedAt: now } });
    if (!row.revokedAt) await recordAudit(tx, actor, "invitation.revoke", { type: "invitation", id }, { email: row.email });
    return toView(updated, now);
  });
}

const NOT_VALID = "This invitation link is not valid: it was used, revoked or has expired. Ask for a new one.";

/** The pending invitation behind a token, or null (used, revoked, expired and unknown alike). */
export async function findPendingInvitation(prisma: PrismaClient, token: string, now = new Date()): Promise<{ id: string; email: string; role: string } | null> {
  if (!token.startsWith(`${INVITATION_TOKEN_PREFIX}_`) || token.length > 200) return null;
  const hash = hashSecret(token);
  const row = await prisma.invitation.findUnique({ where: { tokenHash: hash } });
  if (!row || !safeEqual(row.tokenHash, hash) || row.acceptedAt || row.revokedAt || row.expiresAt <= now) return null;
  return { id: row.id, email: row.email, role: row.role };
}

/** Accepting: the user is created with the invited role, once. Without a password they sign in with GitHub/OIDC. */
export async function acceptInvitation(prisma: PrismaClient, raw: unknown, now = new Date()): Promise<{ email: string; role: string }> {
  const input = parseInput(AcceptInvitationInput, raw);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return prisma.$transaction(async (tx) => {
    const hash = hashSecret(input.token);
    // Taking the invitation and creating the user in one transaction: a link cannot be used twice.
    const taken = await tx.invitation.updateMany({ where: { tokenHash: hash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } });
    if (taken.count !== 1) throw new AppError("not_found", NOT_VALID);
    const inv = (await tx.invitation.findUnique({ where: { tokenHash: hash } }))!;
    if (await tx.user.findUnique({ where: { email: inv.email } })) throw new AppError("conflict", `${inv.email} already has an account: sign in instead.`);
    const user = await tx.user.create({ data: { email: inv.email, name: input.name || null, passwordHash, role: parseRole(inv.role) } });
    await recordAudit(tx, { kind: "user", id: user.id }, "invitation.accept", { type: "invitation", id: inv.id }, { email: inv.email, role: inv.role, password: Boolean(passwordHash) });
    return { email: user.email, role: user.role };
  });
}
