// "When a 5xx spike follows a hit-ratio collapse, the samples say so": the samples' window is held
// against the hit-ratio series the page already has (lib/rollups/cache-collapse.ts decides).
import type { SeriesAnswer } from "@/lib/rollups/schemas";
import { findCacheCollapse, type CacheCollapse } from "@/lib/rollups/cache-collapse";

export type { CacheCollapse };

export function cacheCollapseBefore(hitRatio: SeriesAnswer, windowFromMs: number, windowToMs: number): CacheCollapse | null {
  return findCacheCollapse(hitRatio.series[0]?.points ?? [], windowFromMs, windowToMs);
}
