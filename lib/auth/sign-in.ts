// Email + password sign-in, shared by next-auth's credentials provider and the tests.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { verifyPassword } from "@/lib/auth/passwords";
import { reserveSignIn, settleSignIn } from "@/lib/auth/rate-limit";
import { SignInInput } from "@/lib/auth/schemas";
import { parseInput } from "@/lib/errors/parse";
import { parseRole, type Role } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { withAuditContext } from "@/lib/audit/context";

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /**
   * The user's sessions_valid_from (epoch ms, 0 when never set), read with the password hash:
   * the session remembers it, and ends when it moves on (lib/auth/session.ts).
   */
  sessionsSince: number;
}

/** Signs in, and writes the audit row of the attempt either way (sign-ins and failures, with the address). */
export async function signInWithPassword(prisma: PrismaClient, raw: unknown, ip: string | null): Promise<SignedInUser> {
  return withAuditContext({ ip }, async () => {
    const email = typeof (raw as { email?: unknown } | null)?.email === "string" ? String((raw as { email: string }).email).trim().toLowerCase().slice(0, 200) : null;
    try {
      const user = await checkPassword(prisma, raw, ip);
      await recordAudit(prisma, { kind: "user", id: user.id }, "auth.sign_in", { type: "user", id: user.id }, { method: "password" });
      return user;
    } catch (e) {
      const reason = isAppError(e) ? e.code : "error";
      await recordAudit(prisma, { kind: "system" }, "auth.sign_in_failed", undefined, { email, reason }).catch(() => undefined);
      throw e;
    }
  });
}

async function checkPassword(prisma: PrismaClient, raw: unknown, ip: string | null): Promise<SignedInUser> {
  const input = parseInput(SignInInput, raw);
  // The attempt is reserved before the password is checked, so parallel guesses cannot all slip
  // under the limit (lib/auth/rate-limit.ts).
  const reserved = await reserveSignIn(prisma, input.email, ip);
  if (!reserved.ok) {
    const wait = reserved.retryAfterSeconds;
    throw new AppError("rate_limited", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfterSeconds: wait });
  }
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok || user.disabled) {
    await settleSignIn(prisma, reserved.reservation, false);
    // One message for every failure: do not tell a stranger which emails have accounts.
    throw new AppError("unauthorized", user?.disabled && ok ? "This account is disabled." : "Wrong email or password.");
  }
  await settleSignIn(prisma, reserved.reservation, true);
  await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, role: parseRole(user.role), sessionsSince: user.sessionsValidFrom?.getTime() ?? 0 };
}
