// The window slider against the plain definition: at each step, each window's totals equal the
// sum of the rows inside it, whatever the gaps between rows and steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { minuteSteps, windowSlider, type MinuteTotals } from "@/lib/alerts/sliding";
import { lastMinuteOf } from "@/lib/alerts/data";
import { emptyTotals, type WindowTotals } from "@/lib/alerts/kinds/types";
import { addCounts } from "@/lib/rollups/sparse";

const T0 = Date.UTC(2026, 11, 7, 0, 0, 0);
const MIN = 60_000;

function row(minute: number, requests: number, errors: number): MinuteTotals {
  return {
    bucket: T0 + minute * MIN,
    requests,
    errors5xx: errors,
    errors503: Math.floor(errors / 2),
    statusCounts: errors ? { "503": Math.floor(errors / 2), "500": errors - Math.floor(errors / 2) } : {},
    causeCounts: errors ? { backend_timeout: errors } : {},
    latencyHist: { [String(minute % 7)]: requests },
  };
}

function brute(rows: MinuteTotals[], seconds: number, at: number): WindowTotals | undefined {
  const last = lastMinuteOf(at);
  const inside = rows.filter((r) => r.bucket <= last && r.bucket >= last - seconds * 1000 + MIN);
  if (inside.length === 0) return undefined;
  const t = emptyTotals();
  for (const r of inside) {
    t.requests += r.requests;
    t.errors5xx += r.errors5xx;
    t.errors503 += r.errors503;
    addCounts(t.statusCounts, r.statusCounts);
    addCounts(t.causeCounts, r.causeCounts);
    addCounts(t.latencyHist, r.latencyHist);
  }
  return t;
}

test("sliding windows equal the sums of the rows inside them, with gaps in the rows", () => {
  // Busy minutes with holes, so windows empty out and fill again.
  const rows = [0, 1, 2, 5, 6, 30, 31, 32, 33, 90, 200, 201].map((m, i) => row(m, 10 + i, i % 3));
  const seconds = [60, 300, 3600];
  const slider = windowSlider(rows, seconds);
  for (const at of minuteSteps(T0 - 5 * MIN, T0 + 300 * MIN)) {
    const got = slider.at(at);
    for (const s of seconds) assert.deepEqual(got.get(s), brute(rows, s, at), `window ${s}s at minute ${(at - T0) / MIN}`);
  }
});

test("sliding: steps may skip minutes; answers are copies", () => {
  const rows = Array.from({ length: 50 }, (_, m) => row(m, 1, 1));
  const slider = windowSlider(rows, [300]);
  const a = slider.at(T0 + 10 * MIN);
  const kept = structuredClone(a);
  const b = slider.at(T0 + 40 * MIN + 30_000);
  assert.deepEqual(a, kept, "a later step does not change an earlier answer");
  assert.deepEqual(b.get(300), brute(rows, 300, T0 + 40 * MIN + 30_000));
  assert.throws(() => slider.at(T0), /must not go back/);
});

test("sliding: rows must be sorted, one per minute", () => {
  assert.throws(() => windowSlider([row(2, 1, 0), row(1, 1, 0)], [60]), /sorted/);
});
