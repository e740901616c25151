// The cache's side of an outage: a hit ratio that collapses (a purge, a deploy that changed cache
// keys) sends every request to the origin at once, and the origin's 5xx that follow are the
// symptom, not the cause. Pure: the samples' note and the incident timeline both ask it.
import type { SparseCounts } from "@/lib/rollups/sparse";

/**
 * Cache handlings that sent the request to the origin: misses (CDN "expired" and "revalidated"
 * are read as misses at ingest), passes and pipes. `synth` answered without the origin or the
 * cache and counts on neither side of the hit ratio.
 */
export const ORIGIN_FETCH_HANDLINGS: ReadonlySet<string> = new Set(["miss", "pass", "pipe", "hitmiss", "hitpass"]);

/** hits / (hits + origin fetches) of one bucket's handling counts; null when nothing reported a cache status. */
export function hitRatioOf(handling: SparseCounts): number | null {
  let hits = 0;
  let fetches = 0;
  for (const [k, v] of Object.entries(handling)) {
    if (k === "hit") hits += v;
    else if (ORIGIN_FETCH_HANDLINGS.has(k)) fetches += v;
  }
  return hits + fetches > 0 ? hits / (hits + fetches) : null;
}

export interface CacheCollapse {
  /** Bucket where the ratio was last high, and where it bottomed out. */
  highAt: number;
  high: number;
  lowAt: number;
  low: number;
}

/** How far back from a window a collapse still explains it. */
export const COLLAPSE_LOOK_BACK_MS = 30 * 60_000;
/** A collapse: the ratio fell to at most half of what it was, from a cache that was doing work. */
const FALL = 0.5;
const WORKING = 0.3;

/** The deepest collapse of the hit ratio from 30 minutes before `fromMs` up to `toMs`, or null. */
export function findCacheCollapse(points: ReadonlyArray<readonly [number, number | null]>, fromMs: number, toMs: number): CacheCollapse | null {
  let best: CacheCollapse | null = null;
  let high: [number, number] | null = null;
  for (const [t, v] of points) {
    if (v === null || t < fromMs - COLLAPSE_LOOK_BACK_MS || t >= toMs) continue;
    if (high === null || v >= high[1]) high = [t, v];
    else if (high[1] >= WORKING && v <= high[1] * FALL && (best === null || high[1] - v > best.high - best.low)) {
      best = { highAt: high[0], high: high[1], lowAt: t, low: v };
    }
  }
  return best;
}
