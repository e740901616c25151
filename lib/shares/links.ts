// Share links: create (editor+), list and revoke (the maker, or an admin), and resolve a token.
// The token is 192 random bits (lib/auth/secrets.ts), shown once; only its SHA-256 is stored and
// the stored hash is compared in constant time. An unknown, expired or revoked token resolves to
// null: callers answer all three with the same 404.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { hashSecret, newSecret, safeEqual } from "@/lib/auth/secrets";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse";
import { CreateShareInput, DEFAULT_REDACTION, Redaction, SHARE_EXPIRY_MS, SHARE_KINDS, type ShareKind, type ShareView } from "@/lib/shares/schemas";
import type { ShareScope } from "@/lib/auth/share-scope";

export const SHARE_TOKEN_PREFIX = "ow_share";

/** What a link shows, resolved when it is made (the caller's page knows how to read views). */
export interface ShareTargetFacts {
  title: string;
  targetId: string | null;
  /** The backend name the traffic reads are pinned to (backend links; a view's backend filter). */
  backend: string | null;
  /** The view's URL state, with a frozen link's range made absolute. */
  view: StoredView;
}

/** The part of a dashboard view a link keeps (components/dashboard/view-state.ts's fields). */
export interface StoredView {
  range: string | null;
  from: number | null;
  to: number | null;
  backend: string | null;
  source: string | null;
  cause: string | null;
}

export interface ShareMaker {
  /** Names the target and pins its view; throws not_found for an unknown incident or backend. */
  resolve(input: CreateShareInput, nowMs: number): Promise<ShareTargetFacts>;
  /** A frozen link's content as of now (redacted), kept with the link. */
  capture(facts: ShareTargetFacts, input: CreateShareInput, nowMs: number): Promise<Prisma.InputJsonValue>;
}

type Row = Prisma.ShareLinkGetPayload<{ include: { createdBy: { select: { id: true; email: true; name: true } } } }>;

export interface ActiveShare {
  id: string;
  kind: ShareKind;
  targetId: string | null;
  title: string;
  note: string | null;
  frozen: boolean;
  view: StoredView;
  snapshot: unknown;
  redact: Redaction;
  createdAt: Date;
  expiresAt: Date | null;
}

const parseKind = (k: string): ShareKind => (SHARE_KINDS as readonly string[]).includes(k) ? (k as ShareKind) : "view";
const parseRedaction = (v: unknown): Redaction => {
  const r = Redaction.safeParse(v);
  // A row that cannot be read hides everything rather than nothing.
  return r.success ? r.data : { clientIps: true, queryStrings: true, backendAddresses: true };
};
const parseView = (v: unknown): StoredView => {
  const o = (v && typeof v === "object" ? v : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : null);
  const num = (k: string) => (typeof o[k] === "number" ? (o[k] as number) : null);
  return { range: str("range"), from: num("from"), to: num("to"), backend: str("backend"), source: str("source"), cause: str("cause") };
};

function statusOf(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ShareView["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

function toView(row: Row, now: Date): ShareView {
  return {
    id: row.id,
    kind: parseKind(row.kind),
    targetId: row.targetId,
    title: row.title,
    note: row.note,
    frozen: row.frozen,
    redact: parseRedaction(row.redact),
    status: statusOf(row, now),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    viewCount: row.viewCount,
    lastViewedAt: row.lastViewedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
  };
}

/** The person behind an actor: a user, or the user who made the API token (null for the CLI's tokens). */
async function personOf(prisma: PrismaClient, actor: Actor): Promise<string | null> {
  if (actor.kind === "user") return actor.id;
  if (actor.kind !== "token") return null;
  const row = await prisma.apiToken.findUnique({ where: { id: actor.id }, select: { createdById: true } });
  return row?.createdById ?? null;
}

export async function createShare(
  prisma: PrismaClient,
  actor: Actor,
  raw: unknown,
  maker: ShareMaker,
  now = new Date(),
): Promise<{ id: string; token: string }> {
  assertCan(actor, "shares.create");
  const input = parseInput(CreateShareInput, raw);
  const facts = await maker.resolve(input, now.getTime());
  const snapshot = input.frozen ? await maker.capture(facts, input, now.getTime()) : undefined;
  const token = newSecret(SHARE_TOKEN_PREFIX);
  const ms = SHARE_EXPIRY_MS[input.expiresIn];
  const createdById = await personOf(prisma, actor);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.shareLink.create({
      data: {
        tokenHash: hashSecret(token),
        kind: input.target.type,
        targetId: facts.targetId,
        title: facts.title,
        view: { ...facts.view },
        frozen: input.frozen,
        snapshot,
        note: input.note || null,
        redact: { ...DEFAULT_REDACTION, ...input.redact },
        createdById,
        createdAt: now,
        expiresAt: ms === null ? null : new Date(now.getTime() + ms),
      },
    });
    await recordAudit(tx, actor, "share.create", { type: "share_link", id: created.id }, {
      kind: created.kind,
      targetId: created.targetId,
      title: created.title,
      expiresIn: input.expiresIn,
      frozen: input.frozen,
    });
    return created;
  });
  return { id: row.id, token };
}

const withCreator = { createdBy: { select: { id: true, email: true, name: true } } } as const;

/** Admins see every link; editors the links they made. */
export async function listShares(prisma: PrismaClient, actor: Actor, now = new Date()): Promise<ShareView[]> {
  assertCan(actor, "shares.create");
  const mine = !can(actor, "shares.manage");
  const person = mine ? await personOf(prisma, actor) : null;
  if (mine && person === null) return [];
  const rows = await prisma.shareLink.findMany({
    where: mine ? { createdById: person } : {},
    include: withCreator,
    orderBy: { createdAt: "desc" },
    take: 1000,
  });
  return rows.map((r) => toView(r, now));
}

/** Revokes at once: the next page load or API read with the token is a 404. */
export async function revokeShare(prisma: PrismaClient, actor: Actor, id: string, now = new Date()): Promise<ShareView> {
  assertCan(actor, "shares.create");
  const person = await personOf(prisma, actor);
  return prisma.$transaction(async (tx) => {
    const row = await tx.shareLink.findUnique({ where: { id }, include: withCreator });
    const own = row !== null && person !== null && row.createdById === person;
    // Someone else's link is "not found" to an editor, not "forbidden": ids do not leak.
    if (!row || (!own && !can(actor, "shares.manage"))) throw new AppError("not_found", "No such share link.");
    const updated = row.revokedAt ? row : await tx.shareLink.update({ where: { id }, data: { revokedAt: now }, include: withCreator });
    if (!row.revokedAt) await recordAudit(tx, actor, "share.revoke", { type: "share_link", id }, { title: row.title });
    return toView(updated, now);
  });
}

/** The link behind a token, or null when it is unknown, expired or revoked (all the same to callers). */
export async function findActiveShare(prisma: PrismaClient, token: string, now = new Date()): Promise<ActiveShare | null> {
  if (!token.startsWith(`${SHARE_TOKEN_PREFIX}_`) || token.length > 200) return null;
  const hash = hashSecret(token);
  const row = await prisma.shareLink.findUnique({ where: { tokenHash: hash } });
  if (!row || !safeEqual(row.tokenHash, hash) || statusOf(row, now) !== "active") return null;
  return {
    id: row.id,
    kind: parseKind(row.kind),
    targetId: row.targetId,
    title: row.title,
    note: row.note,
    frozen: row.frozen,
    view: parseView(row.view),
    snapshot: row.snapshot,
    redact: parseRedaction(row.redact),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** What the token may read over the API (lib/auth/share-scope.ts). */
export function scopeOf(share: ActiveShare): ShareScope {
  const { view } = share;
  const range = share.frozen && view.from !== null && view.to !== null ? { fromMs: view.from, toMs: view.to } : null;
  return { kind: share.kind, targetId: share.targetId, backend: view.backend, source: view.source, range, redact: share.redact };
}

/** The actor a share token acts as: no role, only its scope. */
export async function actorFromShareToken(prisma: PrismaClient, token: string): Promise<Actor | null> {
  const share = await findActiveShare(prisma, token);
  return share ? { kind: "share", id: share.id, role: "viewer", share: scopeOf(share) } : null;
}

// A page view counts every time; the audit log gets one "viewed" row per link per 10 minutes, so
// a link left open on a wall screen does not flood it.
const AUDIT_VIEW_EVERY_MS = 10 * 60_000;

export async function recordShareView(prisma: PrismaClient, shareId: string, ip: string | null, now = new Date()): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.shareLink.update({ where: { id: shareId }, data: { viewCount: { increment: 1 }, lastViewedAt: now }, select: { viewCount: true } });
    const last = await tx.auditLog.findFirst({ where: { action: "share.view", targetId: shareId }, orderBy: { at: "desc" }, select: { at: true } });
    if (!last || now.getTime() - last.at.getTime() >= AUDIT_VIEW_EVERY_MS) {
      await recordAudit(tx, { kind: "system" }, "share.view", { type: "share_link", id: shareId }, { views: before.viewCount, ip });
    }
  });
}
