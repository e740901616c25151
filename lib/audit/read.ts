// Reading the audit log: filtered by actor, action, target and time, newest first, as JSON or CSV.
// Admins only (audit.read). The table is append-only (a trigger refuses UPDATE and DELETE), so
// nothing here or anywhere in the application changes a row.
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { AUDIT_ACTIONS, isAuditAction } from "@/lib/audit/actions";

const time = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const ms = /^\d{9,}$/.test(s) ? Number(s) : Date.parse(s);
    // A Date holds ±8.64e15 ms; a longer run of digits is a number but no time.
    const at = new Date(Number.isFinite(ms) ? ms : Number.NaN);
    if (Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: "custom", message: `"${s}" is neither an ISO-8601 time nor epoch milliseconds within the years 1970–275760` });
      return z.NEVER;
    }
    return at;
  });

export const AuditQuery = z.object({
  actor: z.string().trim().min(1).max(200).optional().describe("a user's id or email, a token's id, or cli / system"),
  action: z.string().trim().min(1).max(100).optional().describe("an action id, or a prefix ending in '.' (e.g. share.)"),
  targetType: z.string().trim().min(1).max(50).optional(),
  targetId: z.string().trim().min(1).max(200).optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
  format: z.enum(["json", "csv"]).default("json"),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actor: z.string().describe("the actor in words: a user's email, a token's name, cli, system"),
  action: z.string(),
  description: z.string().describe("what the action records (lib/audit/actions.ts)"),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

async function actorIds(prisma: PrismaClient, actor: string): Promise<string[]> {
  if (!actor.includes("@")) return [actor];
  const user = await prisma.user.findUnique({ where: { email: actor.toLowerCase() }, select: { id: true } });
  return user ? [user.id] : ["-"];
}

/** The entries a query asks for. Callers hold "audit.read" (the route wrapper and the page check it). */
export async function listAudit(prisma: PrismaClient, q: AuditQuery): Promise<AuditEntry[]> {
  const where: Prisma.AuditLogWhereInput = {};
  if (q.actor) where.OR = q.actor === "cli" || q.actor === "system" ? [{ actorType: q.actor }] : [{ actorId: { in: await actorIds(prisma, q.actor) } }];
  if (q.action) where.action = q.action.endsWith(".") ? { startsWith: q.action } : q.action;
  if (q.targetType) where.targetType = q.targetType;
  if (q.targetId) where.targetId = q.targetId;
  if (q.from || q.to) where.at = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) };
  const rows = await prisma.auditLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: q.limit });
  const userIds = [...new Set(rows.filter((r) => r.actorType === "user" && r.actorId).map((r) => r.actorId!))];
  const tokenIds = [...new Set(rows.filter((r) => r.actorType === "token" && r.actorId).map((r) => r.actorId!))];
  const [users, tokens] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    prisma.apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([...users.map((u) => [u.id, u.email] as const), ...tokens.map((t) => [t.id, `token ${t.name}`] as const)]);
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    actor: r.actorId ? (names.get(r.actorId) ?? `${r.actorType} ${r.actorId}`) : r.actorType,
    action: r.action,
    description: isAuditAction(r.action) ? AUDIT_ACTIONS[r.action] : "",
    targetType: r.targetType,
    targetId: r.targetId,
    ip: r.ip,
    details: r.details,
  }));
}

const cell = (v: string | null): string => {
  const s = v ?? "";
  // Quote every field; a leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

export function auditCsv(entries: AuditEntry[]): string {
  const head = ["at", "actor", "actor_type", "actor_id", "action", "target_type", "target_id", "ip", "details"];
  const lines = entries.map((e) => [e.at, e.actor, e.actorType, e.actorId, e.action, e.targetType, e.targetId, e.ip, JSON.stringify(e.details)].map(cell).join(","));
  return [head.join(","), ...lines].join("\r\n") + "\r\n";
}
