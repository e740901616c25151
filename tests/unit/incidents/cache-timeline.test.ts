// A 5xx spike that follows a collapse of the cache hit ratio: the incident's timeline says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cacheCollapseEntries } from "@/lib/incidents/timeline";
import type { MinutePoint } from "@/lib/incidents/facts";

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 10, 0);
const minutes = (ratios: (number | null)[]): MinutePoint[] =>
  ratios.map((hitRatio, i) => ({ at: T0 + i * MIN, requests: 100, errors5xx: 0, causes: {}, p95Ms: 20, hitRatio }));

test("a purge that empties the cache 3 minutes before the first bad minute is on the timeline", () => {
  const series = minutes([0.92, 0.9, 0.91, 0.1, 0.05, 0.2, 0.3]);
  const entries = cacheCollapseEntries(series, T0 + 7 * MIN);
  assert.equal(entries.length, 1);
  assert.equal(entries[0]!.kind, "cache");
  assert.equal(entries[0]!.at, T0 + 4 * MIN);
  assert.match(entries[0]!.message, /cache hit ratio fell from 9\d(\.\d)? ?% to 5(\.\d)? ?%, 3 min before the first bad minute/);
});

test("a steady cache, a cache that never worked and a proxy without cache status say nothing", () => {
  assert.deepEqual(cacheCollapseEntries(minutes([0.9, 0.88, 0.91, 0.9]), T0 + 4 * MIN), []);
  assert.deepEqual(cacheCollapseEntries(minutes([0.1, 0.02, 0.05]), T0 + 3 * MIN), []);
  assert.deepEqual(cacheCollapseEntries(minutes([null, null, null]), T0 + 3 * MIN), []);
});

test("a collapse long before the incident does not explain it", () => {
  const series = minutes([0.9, 0.1, ...Array<number>(40).fill(0.9)]);
  assert.deepEqual(cacheCollapseEntries(series, T0 + 41 * MIN), []);
});
