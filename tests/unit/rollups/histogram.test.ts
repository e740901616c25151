import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bucketBounds, bucketIndex, createHistogram, HISTOGRAM_LENGTH, HISTOGRAM_MAX_MS, HISTOGRAM_MIN_MS, HISTOGRAM_RELATIVE_ERROR,
  histogramCount, mergeHistogramInto, quantile, recordLatency, representativeValue,
} from "@/lib/rollups/histogram";

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

test("histogram: fixed length covering 0.1 ms .. 10 min plus under/overflow", () => {
  assert.equal(createHistogram().length, HISTOGRAM_LENGTH);
  assert.equal(HISTOGRAM_LENGTH, 166);
  assert.equal(bucketIndex(0), 0);
  assert.equal(bucketIndex(-5), 0);
  assert.equal(bucketIndex(Number.NaN), 0);
  assert.equal(bucketIndex(HISTOGRAM_MIN_MS), 1);
  assert.equal(bucketIndex(HISTOGRAM_MAX_MS), HISTOGRAM_LENGTH - 1);
  assert.equal(bucketIndex(1e9), HISTOGRAM_LENGTH - 1);
  assert.equal(bucketIndex(HISTOGRAM_MAX_MS - 0.001), HISTOGRAM_LENGTH - 2);
});

test("histogram: every value lands in the bucket whose bounds contain it", () => {
  const random = seeded(7);
  for (let i = 0; i < 100_000; i++) {
    const ms = HISTOGRAM_MIN_MS * (HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS) ** random();
    const [low, high] = bucketBounds(bucketIndex(ms));
    assert.ok(ms >= low && ms < high, `${ms} not in [${low}, ${high})`);
  }
  for (let index = 1; index < HISTOGRAM_LENGTH - 1; index++) {
    const [low] = bucketBounds(index);
    assert.equal(bucketIndex(low), index, `lower bound of bucket ${index}`);
  }
});

test("histogram: a bucket's representative value is within √1.1 − 1 ≈ 4.9 % of any value in it", () => {
  assert.ok(HISTOGRAM_RELATIVE_ERROR < 0.049 && HISTOGRAM_RELATIVE_ERROR > 0.048);
  const random = seeded(11);
  let worst = 0;
  for (let i = 0; i < 200_000; i++) {
    const ms = HISTOGRAM_MIN_MS * (HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS) ** random();
    const error = Math.abs(representativeValue(bucketIndex(ms)) - ms) / ms;
    worst = Math.max(worst, error);
  }
  assert.ok(worst <= HISTOGRAM_RELATIVE_ERROR + 1e-12, `worst relative error ${worst}`);
  assert.ok(worst > 0.04, "the bound is tight, not loose");
});

test("histogram: quantiles of a realistic latency sample are within 5 % of the exact ones", () => {
  const random = seeded(3);
  const values: number[] = [];
  const histogram = createHistogram();
  for (let i = 0; i < 50_000; i++) {
    // log-normal-ish: mostly 20-200 ms with a long tail
    const ms = Math.exp(4 + 1.2 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
    values.push(ms);
    recordLatency(histogram, ms);
  }
  values.sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
    const exact = values[Math.ceil(q * values.length) - 1];
    const estimate = quantile(histogram, q);
    assert.ok(estimate !== null);
    assert.ok(Math.abs(estimate - exact) / exact <= 0.05, `p${q * 100}: ${estimate} vs ${exact}`);
  }
});

test("histogram: merging is element-wise addition and keeps quantiles", () => {
  const a = createHistogram();
  const b = createHistogram();
  for (let ms = 1; ms <= 100; ms++) recordLatency(ms % 2 ? a : b, ms);
  const merged = mergeHistogramInto(createHistogram(), a);
  mergeHistogramInto(merged, b);
  assert.equal(histogramCount(merged), 100);
  const both = createHistogram();
  for (let ms = 1; ms <= 100; ms++) recordLatency(both, ms);
  assert.deepEqual(merged, both);
  const median = quantile(merged, 0.5);
  assert.ok(median !== null && Math.abs(median - 50) / 50 <= HISTOGRAM_RELATIVE_ERROR);
  assert.throws(() => mergeHistogramInto(merged, [1, 2, 3]), RangeError);
});

test("histogram: empty histograms, extremes and under/overflow", () => {
  assert.equal(quantile(createHistogram(), 0.5), null);
  const histogram = createHistogram();
  recordLatency(histogram, 0.01);
  recordLatency(histogram, 2 * HISTOGRAM_MAX_MS);
  assert.equal(quantile(histogram, 0), 0);
  assert.equal(quantile(histogram, 1), HISTOGRAM_MAX_MS);
});
