import { test } from "node:test";
import assert from "node:assert/strict";
import { cacheCollapseBefore } from "@/components/samples/cache-note";
import type { SeriesAnswer } from "@/lib/rollups/schemas";

const MIN = 60_000;
const series = (values: (number | null)[]): SeriesAnswer => ({
  from: new Date(0).toISOString(),
  to: new Date(values.length * MIN).toISOString(),
  stepMs: MIN,
  metric: "hit_ratio",
  groupBy: "none",
  resolution: "minute",
  unit: "ratio",
  series: [{ key: "all", points: values.map((v, i) => [i * MIN, v]) }],
});

test("a hit ratio that collapsed before the samples' window is reported", () => {
  const answer = series([0.92, 0.91, 0.93, 0.05, 0.1, 0.3, 0.5]);
  const found = cacheCollapseBefore(answer, 5 * MIN, 6 * MIN);
  assert.deepEqual(found, { highAt: 2 * MIN, high: 0.93, lowAt: 3 * MIN, low: 0.05 });
});

test("a steady or never-working cache, or a collapse long before, is not", () => {
  assert.equal(cacheCollapseBefore(series([0.9, 0.88, 0.91, 0.9]), 3 * MIN, 4 * MIN), null);
  assert.equal(cacheCollapseBefore(series([0.1, 0.02, 0.05]), 2 * MIN, 3 * MIN), null);
  const long = [0.9, 0.05, ...Array.from({ length: 40 }, () => 0.05)];
  assert.equal(cacheCollapseBefore(series(long), 41 * MIN, 42 * MIN), null);
  assert.equal(cacheCollapseBefore(series([null, null]), 0, 2 * MIN), null);
});
