// Failed sign-ins are limited per account and per client address, counted in the database so
// the limit holds across restarts and across instances.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const SIGNIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

const accountKey = (email: string) => `email:${email.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** Seconds until a sign-in may be tried again, or 0 when it may be tried now. */
export async function signInRetryAfter(prisma: PrismaClient, email: string, ip: string | null, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - SIGNIN_WINDOW_MS);
  const checks: Array<[string, number]> = [[accountKey(email), MAX_FAILURES_PER_ACCOUNT]];
  if (ip) checks.push([ipKey(ip), MAX_FAILURES_PER_IP]);
  let wait = 0;
  for (const [key, max] of checks) {
    const failures = await prisma.loginAttempt.findMany({
      where: { key, success: false, at: { gt: since } },
      orderBy: { at: "desc" },
      take: max,
      select: { at: true },
    });
    if (failures.length >= max) {
      // Blocked until the oldest of the last `max` failures leaves the window.
      const oldest = failures[failures.length - 1]!.at.getTime();
      wait = Math.max(wait, Math.ceil((oldest + SIGNIN_WINDOW_MS - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordSignIn(prisma: PrismaClient, email: string, ip: string | null, success: boolean): Promise<void> {
  const rows = [{ key: accountKey(email), success }];
  if (ip) rows.push({ key: ipKey(ip), success });
  await prisma.loginAttempt.createMany({ data: rows });
  if (success) {
    // A successful sign-in clears the account's failures (not the address's).
    await prisma.loginAttempt.deleteMany({ where: { key: accountKey(email), success: false } });
  }
}

export async function pruneSignInAttempts(prisma: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await prisma.loginAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - SIGNIN_WINDOW_MS) } } });
  return count;
}
