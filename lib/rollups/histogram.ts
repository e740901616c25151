// Fixed log-scale latency histogram. Every histogram has the same buckets, so histograms of
// minutes, backends or sources merge by element-wise addition (and can be stored as int arrays).
//
// Layout: index 0 = underflow (< 0.1 ms), indexes 1..N cover [0.1 ms · 1.1^(i-1), 0.1 ms · 1.1^i),
// index N+1 = overflow (≥ 10 min). A quantile answers the geometric middle of its bucket,
// lo·√1.1, so for any value inside the range the relative error is at most √1.1 − 1 ≈ 4.88 %.

export const HISTOGRAM_MIN_MS = 0.1;
export const HISTOGRAM_MAX_MS = 600_000;
export const HISTOGRAM_GROWTH = 1.1;
/** √growth − 1: worst relative error of a quantile for values within [MIN, MAX). */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(HISTOGRAM_GROWTH) - 1;

const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);
const LOG_MIN = Math.log(HISTOGRAM_MIN_MS);
/** Buckets between MIN and MAX (164 for the constants above). */
const RANGE_BUCKETS = Math.ceil(Math.log(HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS) / LOG_GROWTH);
const OVERFLOW = RANGE_BUCKETS + 1;
/** Total length including the underflow and overflow buckets. */
export const HISTOGRAM_LENGTH = RANGE_BUCKETS + 2;

/** Bucket lower bounds, precomputed so bucketIndex can correct float rounding at edges. */
const LOWER_BOUNDS: Float64Array = (() => {
  const bounds = new Float64Array(HISTOGRAM_LENGTH + 1);
  bounds[0] = 0;
  for (let i = 1; i <= OVERFLOW; i++) bounds[i] = HISTOGRAM_MIN_MS * HISTOGRAM_GROWTH ** (i - 1);
  bounds[HISTOGRAM_LENGTH] = Infinity;
  return bounds;
})();

export type Histogram = number[];

export function createHistogram(): Histogram {
  return new Array<number>(HISTOGRAM_LENGTH).fill(0);
}

/** The bucket a latency (ms) falls in; NaN and negatives count as underflow. */
export function bucketIndex(ms: number): number {
  if (!(ms >= HISTOGRAM_MIN_MS)) return 0;
  if (ms >= HISTOGRAM_MAX_MS) return OVERFLOW;
  let index = 1 + Math.floor((Math.log(ms) - LOG_MIN) / LOG_GROWTH);
  // One step of correction for values that land on a bucket edge after rounding.
  if (ms < LOWER_BOUNDS[index]) index--;
  else if (ms >= LOWER_BOUNDS[index + 1]) index++;
  return index < 1 ? 1 : index > RANGE_BUCKETS ? RANGE_BUCKETS : index;
}

/** Lower and upper bound (ms) of a bucket. */
export function bucketBounds(index: number): [number, number] {
  if (index <= 0) return [0, HISTOGRAM_MIN_MS];
  if (index >= OVERFLOW) return [HISTOGRAM_MAX_MS, Infinity];
  return [LOWER_BOUNDS[index], index === RANGE_BUCKETS ? HISTOGRAM_MAX_MS : LOWER_BOUNDS[index + 1]];
}

/** The value a bucket stands for: its geometric middle; 0 for underflow, MAX for overflow. */
export function representativeValue(index: number): number {
  if (index <= 0) return 0;
  if (index >= OVERFLOW) return HISTOGRAM_MAX_MS;
  return LOWER_BOUNDS[index] * Math.sqrt(HISTOGRAM_GROWTH);
}

export function recordLatency(histogram: Histogram, ms: number, count = 1): void {
  histogram[bucketIndex(ms)] += count;
}

/** Adds `from` into `into` (same fixed length). */
export function mergeHistogramInto(into: Histogram, from: ArrayLike<number>): Histogram {
  if (from.length !== HISTOGRAM_LENGTH || into.length !== HISTOGRAM_LENGTH) {
    throw new RangeError(`histograms must have ${HISTOGRAM_LENGTH} buckets`);
  }
  for (let i = 0; i < HISTOGRAM_LENGTH; i++) into[i] += from[i];
  return into;
}

export function histogramCount(histogram: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i];
  return total;
}

/** The q-quantile (0..1) as its bucket's representative value; null for an empty histogram. */
export function quantile(histogram: ArrayLike<number>, q: number): number | null {
  const total = histogramCount(histogram);
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= rank) return representativeValue(i);
  }
  return representativeValue(histogram.length - 1);
}
