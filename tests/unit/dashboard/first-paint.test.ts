// The first paint hands series to the browser as values on their grid (components/dashboard/
// first-paint.ts); what the charts read after unpacking must be the answer itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { packSeries, unpackSeries } from "@/components/dashboard/first-paint";
import type { SeriesAnswer } from "@/lib/rollups/schemas";

const from = Date.UTC(2026, 11, 7, 10, 0);
const step = 600_000;
const answer: SeriesAnswer = {
  from: new Date(from).toISOString(),
  to: new Date(from + 4 * step).toISOString(),
  stepMs: step,
  metric: "latency_p95",
  groupBy: "backend",
  resolution: "minute",
  unit: "ms",
  series: [
    { key: "api", points: [[from, 12.5], [from + step, null], [from + 2 * step, 0], [from + 3 * step, 1e6]], failureDominated: [from + step] },
    { key: "empty", points: [] },
    // Not on the grid (no reader makes one, but nothing may be lost if one did): travels as it is.
    { key: "odd", points: [[from + 1, 3], [from + step, 4]] },
  ],
  omitted: 2,
};

test("a packed series answer unpacks to the very same answer", () => {
  const packed = packSeries(answer);
  assert.deepEqual(unpackSeries(packed), answer);
  assert.ok(!("points" in packed.series[0]!), "on the grid: values only");
  assert.deepEqual((packed.series[0] as { values: unknown[] }).values, [12.5, null, 0, 1e6]);
  assert.ok("points" in packed.series[2]!, "off the grid: the pairs themselves");
  assert.ok(JSON.stringify(packed).length < JSON.stringify(answer).length);
});
