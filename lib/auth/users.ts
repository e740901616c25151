// Users: first-run setup, creation, role changes. Every write is audited in its transaction.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { assignableRoles, can, type Actor } from "@/lib/auth/permissions";
import { parseRole, type Role } from "@/lib/auth/roles";
import { CreateUserInput, SetupInput, UpdateUserInput } from "@/lib/auth/schemas";
import { parseInput } from "@/lib/errors/parse";

export type { PublicUser } from "@/lib/auth/schemas";
import type { PublicUser } from "@/lib/auth/schemas";

type UserRow = { id: string; email: string; name: string | null; role: string; disabled: boolean; createdAt: Date; lastLoginAt: Date | null };

export function toPublicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: parseRole(u.role),
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

// Serialises first-run setup across requests and instances (transaction-scoped advisory lock).
const SETUP_LOCK_KEY = 0x05e7_0b;

export async function needsSetup(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

const SETUP_DONE = "Setup is done: an owner exists. Sign in instead.";

/**
 * The cheap refusal once setup is done: one count, before any body is read, password hashed or
 * lock taken, so a flood of anonymous setup posts on a running install costs almost nothing.
 */
export async function assertSetupOpen(prisma: PrismaClient): Promise<void> {
  if (!(await needsSetup(prisma))) throw new AppError("conflict", SETUP_DONE);
}

/** Creates the first owner. Refused once any user exists, so it cannot be replayed later. */
export async function setupFirstOwner(prisma: PrismaClient, raw: unknown): Promise<PublicUser> {
  await assertSetupOpen(prisma);
  const input = parseInput(SetupInput, raw);
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`;
    // The first setups may race past the cheap check: the lock lets exactly one of them through.
    if ((await tx.user.count()) > 0) throw new AppError("conflict", SETUP_DONE);
    const user = await tx.user.create({ data: { email: input.email, name: input.name || null, passwordHash, role: "owner" } });
    await recordAudit(tx, { kind: "system" }, "setup.owner_created", { type: "user", id: user.id }, { email: user.email });
    return toPublicUser(user);
  });
}

export async function listUsers(prisma: PrismaClient, actor: Actor): Promise<PublicUser[]> {
  if (!can(actor, "users.manage")) throw new AppError("forbidden", "Only admins and owners can list users.");
  const users = await prisma.user.findMany({ orderBy: { createdAt: "asc" } });
  return users.map(toPublicUser);
}

function assertMayAssign(actor: Actor, role: Role) {
  if (!assignableRoles(actor).includes(role)) {
    throw new AppError("forbidden", `Your role (${actor.role}) cannot grant the ${role} role.`);
  }
}

export async function createUser(prisma: PrismaClient, actor: Actor, raw: unknown): Promise<PublicUser> {
  if (!can(actor, "users.manage")) throw new AppError("forbidden", "Only admins and owners can add users.");
  const input = parseInput(CreateUserInput, raw);
  assertMayAssign(actor, input.role);
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new AppError("conflict", `A user with the email ${input.email} already exists.`, {
        fields: [{ path: "email", message: "This email is already in use." }],
      });
    }
    const user = await tx.user.create({ data: { email: input.email, name: input.name || null, passwordHash, role: input.role } });
    await recordAudit(tx, actor, "user.create", { type: "user", id: user.id }, { email: user.email, role: user.role });
    return toPublicUser(user);
  });
}

/** Columns that end every session signed in until now, except `keep`'s own (see lib/auth/session.ts). */
function endedSessions(keep: Actor | undefined): { sessionsValidFrom: Date; keptSessionId: string | null } {
  return { sessionsValidFrom: new Date(), keptSessionId: keep?.kind === "user" ? (keep.sessionId ?? null) : null };
}

/**
 * "Sign out everywhere else": ends the actor's other sessions (a lost laptop, a shared screen).
 * Only a browser session can ask: it is the one kept.
 */
export async function endOtherSessions(prisma: PrismaClient, actor: Actor): Promise<{ endedAt: string }> {
  if (actor.kind !== "user") {
    throw new AppError("bad_request", "Only a signed-in browser session can end its other sessions; API tokens are revoked under Settings → API tokens.");
  }
  if (actor.sessionId === undefined) {
    throw new AppError("bad_request", "This browser signed in before sessions could be told apart: sign out, sign in again, then retry.");
  }
  return prisma.$transaction(async (tx) => {
    const ended = endedSessions(actor);
    await tx.user.update({ where: { id: actor.id }, data: ended });
    await recordAudit(tx, actor, "user.sessions_end", { type: "user", id: actor.id }, {});
    return { endedAt: ended.sessionsValidFrom.toISOString() };
  });
}

/** Someone else's account is for admins: refused before the request's body is even read. */
export function assertMayChangeUser(actor: Actor, id: string): void {
  const self = actor.kind === "user" && actor.id === id;
  if (!self && !can(actor, "users.manage")) throw new AppError("forbidden", "Only admins and owners can change other users.");
}

export async function updateUser(prisma: PrismaClient, actor: Actor, id: string, raw: unknown): Promise<PublicUser> {
  const self = actor.kind === "user" && actor.id === id;
  assertMayChangeUser(actor, id);
  const input = parseInput(UpdateUserInput, raw);
  const onlyOwnProfile = self && input.role === undefined && input.disabled === undefined;
  if (!onlyOwnProfile && !can(actor, "users.manage")) throw new AppError("forbidden", "Only admins and owners can change other users.");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  if (self && input.password) {
    // Someone at an unlocked screen must not be able to lock the owner out of their account.
    const row = await prisma.user.findUnique({ where: { id }, select: { passwordHash: true } });
    if (!(await verifyPassword(input.currentPassword ?? "", row?.passwordHash))) {
      throw new AppError("bad_request", "Your current password is not right.", {
        fields: [{ path: "currentPassword", message: "This is not your current password." }],
      });
    }
  }
  return prisma.$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such user.");
    const currentRole = parseRole(current.role);
    // Nobody below owner may touch an owner's role or access; the last owner must remain.
    if (currentRole === "owner" && !self && !can(actor, "owners.manage")) throw new AppError("forbidden", "Only owners can change an owner.");
    if (input.role) assertMayAssign(actor, input.role);
    const losesOwner = currentRole === "owner" && ((input.role && input.role !== "owner") || input.disabled === true);
    if (losesOwner && (await tx.user.count({ where: { role: "owner", disabled: false } })) <= 1) {
      throw new AppError("conflict", "This is the last owner: make someone else an owner first.");
    }
    // A new password or a disabled account ends the user's sessions; people changing their own
    // password keep the browser they did it from (not when they also disable themselves).
    const endsSessions = Boolean(passwordHash) || input.disabled === true;
    const keep = self && input.disabled !== true ? actor : undefined;
    const user = await tx.user.update({
      where: { id },
      data: {
        name: input.name === undefined ? undefined : input.name || null,
        role: input.role,
        disabled: input.disabled,
        ...(passwordHash ? { passwordHash } : {}),
        ...(endsSessions ? endedSessions(keep) : {}),
      },
    });
    // Deactivating ends the user's API tokens for good (they stop at once anyway while the user
    // is disabled: lib/auth/api-tokens.ts); a reactivated user makes new ones.
    const deactivated = input.disabled === true && !current.disabled;
    const revokedTokens = deactivated ? (await tx.apiToken.updateMany({ where: { createdById: id, revokedAt: null }, data: { revokedAt: new Date() } })).count : 0;
    const changed = Object.keys(input).filter((k) => k !== "password" && k !== "currentPassword");
    const target = { type: "user", id };
    await recordAudit(tx, actor, "user.update", target, { changed, passwordChanged: Boolean(passwordHash), sessionsEnded: endsSessions });
    if (input.role && input.role !== currentRole) await recordAudit(tx, actor, "user.role_change", target, { email: current.email, from: currentRole, to: input.role });
    if (deactivated) await recordAudit(tx, actor, "user.deactivate", target, { email: current.email, revokedTokens });
    if (input.disabled === false && current.disabled) await recordAudit(tx, actor, "user.reactivate", target, { email: current.email });
    if (passwordHash && !self) await recordAudit(tx, actor, "user.password_reset", target, { email: current.email });
    return toPublicUser(user);
  });
}
