// Retry schedule after a failed attempt, as Standard Webhooks suggests: about 5 s, 5 min, 30 min,
// 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (a day and a half in all), each with ±20 % jitter so a
// receiver coming back is not hit by every retry at once. A Retry-After from the receiver wins.
const S = 1000;
const M = 60 * S;
const H = 60 * M;
export const RETRY_SCHEDULE_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H];
/** The first attempt plus one per step of the schedule. */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** Delay before the next attempt after `attempts` failed ones, or null: give up. */
export function nextDelayMs(attempts: number, retryAfterMs?: number, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, S), 24 * H);
  const base = RETRY_SCHEDULE_MS[Math.max(0, attempts - 1)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}
