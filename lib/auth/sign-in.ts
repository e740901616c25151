// Email + password sign-in, shared by next-auth's credentials provider and the tests.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { verifyPassword } from "@/lib/auth/passwords";
import { recordSignIn, signInRetryAfter } from "@/lib/auth/rate-limit";
import { SignInInput } from "@/lib/auth/schemas";
import { parseInput } from "@/lib/http/parse";
import { parseRole, type Role } from "@/lib/auth/roles";

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

export async function signInWithPassword(prisma: PrismaClient, raw: unknown, ip: string | null): Promise<SignedInUser> {
  const input = parseInput(SignInInput, raw);
  const wait = await signInRetryAfter(prisma, input.email, ip);
  if (wait > 0) {
    throw new AppError("rate_limited", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfterSeconds: wait });
  }
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok || user.disabled) {
    await recordSignIn(prisma, input.email, ip, false);
    // One message for every failure: do not tell a stranger which emails have accounts.
    throw new AppError("unauthorized", user?.disabled && ok ? "This account is disabled." : "Wrong email or password.");
  }
  await recordSignIn(prisma, input.email, ip, true);
  await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, role: parseRole(user.role), sessionsSince: user.sessionsValidFrom?.getTime() ?? 0 };
}
