// Histograms travel and rest sparse ({"bucket index": count}); the dense array exists only
// while counting (lib/ingest) and while computing quantiles.
import { createHistogram, representativeValue, type Histogram } from "@/lib/rollups/histogram";

export type SparseCounts = Record<string, number>;

export function toSparse(dense: ArrayLike<number>): SparseCounts {
  const out: SparseCounts = {};
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) out[i] = dense[i];
  return out;
}

export function toDense(sparse: SparseCounts | null | undefined): Histogram {
  const h = createHistogram();
  if (!sparse) return h;
  for (const [k, v] of Object.entries(sparse)) {
    const i = Number(k);
    if (Number.isInteger(i) && i >= 0 && i < h.length) h[i] += Number(v);
  }
  return h;
}

/** Count and (bucket-approximate) sum of a histogram, for means. */
export function countAndSum(dense: ArrayLike<number>): { count: number; sumMs: number } {
  let count = 0;
  let sumMs = 0;
  for (let i = 0; i < dense.length; i++) {
    if (dense[i] === 0) continue;
    count += dense[i];
    sumMs += dense[i] * representativeValue(i);
  }
  return { count, sumMs };
}

export function addCounts(into: SparseCounts, from: SparseCounts | null | undefined, sign = 1): SparseCounts {
  if (!from) return into;
  for (const [k, v] of Object.entries(from)) {
    const next = (into[k] ?? 0) + sign * Number(v);
    if (next === 0) delete into[k];
    else into[k] = next;
  }
  return into;
}
