import type { Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Pick<Prisma.TransactionClient, "auditLog">;

/** Writes one audit row, in the caller's transaction so the row and the change land together. */
export async function recordAudit(
  tx: Tx,
  actor: Actor | { kind: "system" },
  action: string,
  target?: { type: string; id: string },
  details: Prisma.InputJsonValue = {},
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: actor.kind,
      actorId: actor.kind === "system" ? null : actor.id,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      details,
    },
  });
}
