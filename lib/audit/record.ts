import type { Prisma } from "@/lib/generated/prisma/client";
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson } from "@/lib/db/text";
import { currentAuditContext } from "@/lib/audit/context";

type Tx = Pick<Prisma.TransactionClient, "auditLog">;
/** Who did it: any of lib/auth's actors fits (audit sits below auth, which records through it). */
type AuditActor = { kind: "user" | "token" | "cli" | "share"; id: string } | { kind: "system" };

// "From where": the request's client address, when the write runs inside a request (lib/audit/context.ts).
const actorColumns = (actor: AuditActor) => ({
  actorType: actor.kind,
  actorId: actor.kind === "system" ? null : actor.id,
  ip: currentAuditContext()?.ip ?? null,
});

// The actions are listed, with what each records, in lib/audit/actions.ts.

/** Writes one audit row, in the caller's transaction so the row and the change land together. */
export async function recordAudit(
  tx: Tx,
  actor: AuditActor,
  action: string,
  target?: { type: string; id: string },
  details: Prisma.InputJsonValue = {},
): Promise<void> {
  await tx.auditLog.create({
    data: {
      ...actorColumns(actor),
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      details,
    },
  });
}

/** The same row, for writes that run in a raw-SQL transaction (lib/db/sql.ts) rather than Prisma's. */
export async function recordAuditSql(
  tx: SqlQueryable,
  actor: AuditActor,
  action: string,
  target?: { type: string; id: string },
  details: Prisma.InputJsonValue = {},
): Promise<void> {
  const { actorType, actorId, ip } = actorColumns(actor);
  await tx.query(
    `INSERT INTO audit_log (actor_type, actor_id, action, target_type, target_id, details, ip) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [actorType, actorId, action, target?.type ?? null, target?.id ?? null, pgJson(details), ip],
  );
}
