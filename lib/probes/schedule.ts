// When a probe runs first. New (or re-timed) probes start at a random point of their first
// interval, so a thousand probes created together do not all fire in the same second; after that
// the scheduler advances next_run_at by whole intervals from the scheduled slot (lib/probes/claims.ts).

/** Epoch ms of a new probe's first run: now + random(0, interval). */
export function firstRunAt(nowMs: number, intervalMs: number, random: () => number = Math.random): number {
  return nowMs + Math.floor(random() * intervalMs);
}
