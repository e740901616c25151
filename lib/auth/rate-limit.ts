// Sign-in limits per account and per client address, counted in the database so they hold across
// restarts and across instances. An attempt RESERVES its place with one atomic upsert before the
// password is checked: of any number of parallel guesses only the first `max` are checked, the
// rest are refused without touching bcrypt. A failure keeps its reservation (it is the counted
// failure); a success clears the account's counter and gives the address's reservation back.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const SIGNIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

const accountKey = (email: string) => `email:${email.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** The attempt's places in the counters, to settle once the password was checked. */
export interface SignInReservation {
  keys: { account: string; ip: string | null };
}

export type ReserveResult = { ok: true; reservation: SignInReservation } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one attempt from the key's counter, or returns false when its window is full. One
 * statement: the row lock taken by ON CONFLICT DO UPDATE serialises concurrent attempts on a key,
 * and the WHERE leaves a full counter untouched (no row comes back). A window that has run out
 * starts afresh at this attempt.
 */
async function take(prisma: PrismaClient, key: string, max: number, now: Date): Promise<boolean> {
  const expired = new Date(now.getTime() - SIGNIN_WINDOW_MS);
  const rows = await prisma.$queryRaw<Array<{ attempts: number }>>`
    INSERT INTO sign_in_limits AS l (key, window_started_at, attempts) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      window_started_at = CASE WHEN l.window_started_at <= ${expired} THEN EXCLUDED.window_started_at ELSE l.window_started_at END,
      attempts = CASE WHEN l.window_started_at <= ${expired} THEN 1 ELSE l.attempts + 1 END
    WHERE l.window_started_at <= ${expired} OR l.attempts < ${max}
    RETURNING attempts`;
  return rows.length > 0;
}

/** Gives a reservation back (the attempt did not count after all). */
async function giveBack(prisma: PrismaClient, key: string): Promise<void> {
  await prisma.$executeRaw`UPDATE sign_in_limits SET attempts = GREATEST(attempts - 1, 0) WHERE key = ${key}`;
}

async function secondsUntilFree(prisma: PrismaClient, key: string, now: Date): Promise<number> {
  const row = await prisma.signInLimit.findUnique({ where: { key }, select: { windowStartedAt: true } });
  const ends = (row?.windowStartedAt.getTime() ?? now.getTime()) + SIGNIN_WINDOW_MS;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}

/**
 * Reserves one sign-in attempt for the account and for the client address, or says how long to
 * wait. The account goes first: a guess refused for the account does not use up the address.
 */
export async function reserveSignIn(prisma: PrismaClient, email: string, ip: string | null, now = new Date()): Promise<ReserveResult> {
  const keys = { account: accountKey(email), ip: ip ? ipKey(ip) : null };
  if (!(await take(prisma, keys.account, MAX_FAILURES_PER_ACCOUNT, now))) {
    return { ok: false, retryAfterSeconds: await secondsUntilFree(prisma, keys.account, now) };
  }
  if (keys.ip && !(await take(prisma, keys.ip, MAX_FAILURES_PER_IP, now))) {
    await giveBack(prisma, keys.account);
    return { ok: false, retryAfterSeconds: await secondsUntilFree(prisma, keys.ip, now) };
  }
  return { ok: true, reservation: { keys } };
}

/**
 * After the password check. A failure keeps the reservations: they are the counted failures.
 * A success clears the account's failures (not the address's) and returns the address's place.
 */
export async function settleSignIn(prisma: PrismaClient, reservation: SignInReservation, success: boolean): Promise<void> {
  if (!success) return;
  await prisma.signInLimit.deleteMany({ where: { key: reservation.keys.account } });
  if (reservation.keys.ip) await giveBack(prisma, reservation.keys.ip);
}
