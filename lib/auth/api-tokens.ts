// API tokens for automation: random, shown once, stored as a SHA-256, with a role and an
// optional expiry. Presented as `Authorization: Bearer ow_api_…`. A token follows the person who
// made it: it acts with the lower of its own role and its creator's current role, stops working
// while the creator is disabled and is deleted with them. Only tokens made by the CLI (no
// creator) act with their own role alone.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { assignableRoles, can, type Actor } from "@/lib/auth/permissions";
import { lowerRole, parseRole } from "@/lib/auth/roles";
import { CreateTokenInput } from "@/lib/auth/schemas";
import { displayPrefix, hashSecret, newSecret } from "@/lib/auth/secrets";
import { parseInput } from "@/lib/errors/parse";

export const API_TOKEN_PREFIX = "ow_api";

export type { PublicApiToken } from "@/lib/auth/schemas";
import type { PublicApiToken } from "@/lib/auth/schemas";

type TokenRow = { id: string; name: string; prefix: string; role: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null };

const toPublic = (t: TokenRow): PublicApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: parseRole(t.role),
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function createApiToken(
  prisma: PrismaClient,
  actor: Actor,
  raw: unknown,
): Promise<{ token: string; record: PublicApiToken }> {
  if (!can(actor, "tokens.manage")) throw new AppError("forbidden", "Only admins and owners can create API tokens.");
  const input = parseInput(CreateTokenInput, raw);
  if (!assignableRoles(actor).includes(input.role)) throw new AppError("forbidden", `Your role cannot create a ${input.role} token.`);
  const token = newSecret(API_TOKEN_PREFIX);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const createdById = await creatorOf(prisma, actor);
  const record = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        role: input.role,
        prefix: displayPrefix(token),
        tokenHash: hashSecret(token),
        expiresAt,
        createdById,
      },
    });
    await recordAudit(tx, actor, "token.create", { type: "api_token", id: row.id }, { name: row.name, role: row.role });
    return row;
  });
  return { token, record: toPublic(record) };
}

/**
 * Whom a new token follows: the user making it, or, when a token makes it, that token's creator
 * (so a token cannot mint one that outlives its creator's demotion). The CLI: nobody.
 */
async function creatorOf(prisma: PrismaClient, actor: Actor): Promise<string | null> {
  if (actor.kind === "user") return actor.id;
  if (actor.kind === "cli") return null;
  const maker = await prisma.apiToken.findUnique({ where: { id: actor.id }, select: { createdById: true } });
  return maker?.createdById ?? null;
}

export async function listApiTokens(prisma: PrismaClient, actor: Actor): Promise<PublicApiToken[]> {
  if (!can(actor, "tokens.manage")) throw new AppError("forbidden", "Only admins and owners can list API tokens.");
  return (await prisma.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(toPublic);
}

export async function revokeApiToken(prisma: PrismaClient, actor: Actor, id: string): Promise<PublicApiToken> {
  if (!can(actor, "tokens.manage")) throw new AppError("forbidden", "Only admins and owners can revoke API tokens.");
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", "No such API token.");
    const updated = row.revokedAt ? row : await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, "token.revoke", { type: "api_token", id }, { name: row.name });
    return toPublic(updated);
  });
}

/** The actor behind a bearer token, or null when it is unknown, revoked or expired. */
export async function actorFromApiToken(prisma: PrismaClient, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith(`${API_TOKEN_PREFIX}_`)) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { createdBy: { select: { role: true, disabled: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  // A disabled creator stops the token (a removed one took it along: ON DELETE CASCADE).
  if (row.createdById !== null && (!row.createdBy || row.createdBy.disabled)) return null;
  const role = row.createdBy ? lowerRole(parseRole(row.role), parseRole(row.createdBy.role)) : parseRole(row.role);
  // Record use at most once a minute per token: no write on every API call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { kind: "token", id: row.id, name: row.name, role };
}
