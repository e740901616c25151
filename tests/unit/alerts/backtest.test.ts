import { test } from "node:test";
import assert from "node:assert/strict";
import { backtestSummary, replayInstance } from "@/lib/alerts/backtest";
import { compileRule } from "@/lib/alerts/kinds/registry";
import { emptyTotals, type WindowTotals } from "@/lib/alerts/kinds/types";

const M = 60_000;
const from = 1_000 * M;
const none = { connectMs: null, firstByteMs: null, betweenBytesMs: null };
const minutes = (entries: [number, Partial<WindowTotals>][]) => new Map(entries.map(([i, t]) => [from + i * M, { ...emptyTotals(), ...t }]));
const errorRate = compileRule("error_rate", { above: 5, window: "2m", minRequests: 10 });

test("windows slide minute by minute: the 5xx minute counts for 2 minutes of a 2m window, then leaves it", () => {
  const data = minutes([
    [0, { requests: 100 }],
    [1, { requests: 100, errors5xx: 50 }],
    [2, { requests: 100 }],
    [3, { requests: 100 }],
    [4, { requests: 100 }],
  ]);
  const got = replayInstance("api", data, errorRate, { forSeconds: 0, keepFiringForSeconds: 0 }, none, from, from + 5 * M);
  assert.deepEqual(got.points.map((p) => p.value), [0, 25, 25, 0, 0]);
  assert.deepEqual(got.points.map((p) => p.state), ["normal", "firing", "firing", "normal", "normal"]);
  assert.deepEqual(got.firings, [{ from: from + 2 * M, to: from + 4 * M }]);
  assert.equal(got.fired, 1);
  assert.equal(got.firingMinutes, 2);
  assert.equal(got.points[0].threshold, 5);
});

test("minutes before the range fill the first window; for and keepFiringFor follow the state machine", () => {
  const data = minutes([
    [-1, { requests: 100, errors5xx: 100 }],
    [0, { requests: 100, errors5xx: 100 }],
    [1, { requests: 100, errors5xx: 100 }],
    [2, { requests: 100 }],
    [3, { requests: 100 }],
    [4, { requests: 100 }],
  ]);
  const got = replayInstance("api", data, errorRate, { forSeconds: 60, keepFiringForSeconds: 120 }, none, from, from + 6 * M);
  assert.equal(got.points[0].value, 100, "the minute before the range is in the first window");
  assert.deepEqual(got.points.map((p) => p.state), ["pending", "firing", "firing", "recovering", "normal", "normal"]);
  assert.equal(got.fired, 1);
  assert.equal(got.firingMinutes, 3, "firing, firing, then recovering for less than keepFiringFor after the last true minute");
});

test("no traffic gives no value and no firing; an open firing period ends with the range", () => {
  const quiet = replayInstance("api", new Map(), errorRate, { forSeconds: 0, keepFiringForSeconds: 0 }, none, from, from + 3 * M);
  assert.deepEqual(quiet.points.map((p) => p.value), [null, null, null]);
  assert.equal(quiet.fired, 0);
  const open = replayInstance("api", minutes([[2, { requests: 10, errors5xx: 10 }]]), errorRate, { forSeconds: 0, keepFiringForSeconds: 0 }, none, from, from + 3 * M);
  assert.deepEqual(open.firings, [{ from: from + 3 * M, to: from + 3 * M }]);
  assert.equal(backtestSummary(0, 0), "would not have fired");
  assert.equal(backtestSummary(2, 31), "would have fired 2 times, for 31 minutes in all");
  assert.equal(backtestSummary(1, 1), "would have fired 1 time, for 1 minute in all");
});

test("no_data sees the last busy minute within its lookback", () => {
  const noData = compileRule("no_data", { silentFor: "2m" });
  const got = replayInstance("api", minutes([[0, { requests: 5 }]]), noData, { forSeconds: 0, keepFiringForSeconds: 0 }, none, from, from + 5 * M);
  assert.deepEqual(got.points.map((p) => p.state), ["normal", "normal", "firing", "firing", "firing"]);
});
