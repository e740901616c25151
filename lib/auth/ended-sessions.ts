// Sessions ended by signing out. A session is a signed JWT cookie that stays valid until it
// expires; signing out records its id here and lib/auth/session.ts refuses it from then on.
// Retention deletes a row once the cookie would have expired anyway (lib/rollups/retention.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function endSession(prisma: PrismaClient, s: { sid: string; userId: string; expiresAt: Date }): Promise<void> {
  // A user removed meanwhile has no sessions left to end (and no row to point at).
  if (!(await prisma.user.findUnique({ where: { id: s.userId }, select: { id: true } }))) return;
  await prisma.endedSession.upsert({
    where: { sid: s.sid },
    create: { sid: s.sid, userId: s.userId, expiresAt: s.expiresAt },
    update: {},
  });
}
