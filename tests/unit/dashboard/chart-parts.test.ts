// The pure parts of the time chart: where timeout labels go, which buckets are shaded as
// failure-dominated, and the edge each stacked band draws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { placeReferenceLabels } from "@/components/charts/reference-labels";
import { failureMarks } from "@/components/charts/failure-marks";
import { withBandEdges } from "@/components/charts/series-shapes";
import { drawnPerMinute, perMinute, type ChartRow } from "@/components/charts/rows";

test("reference labels: every line labelled; close lines take different places, far ones the same", () => {
  // 30 s and 32 s timeouts (close on a log axis), 120 s, and 121 s.
  const at = placeReferenceLabels([30_000, 120_000, 32_000, 121_000], "log", [1, 200_000]);
  assert.equal(at.length, 4);
  assert.notEqual(at[0], at[2], "30 s and 32 s do not print in the same place");
  assert.notEqual(at[1], at[3]);
  assert.equal(at[0], "insideTopRight");
  assert.equal(at[1], "insideTopRight", "120 s is far from 32 s: back to the first place");
  const spread = placeReferenceLabels([10, 11, 12, 13, 14, 15, 16], "log", [1, 100]);
  assert.equal(new Set(spread.slice(0, 6)).size, 6, "six close lines, six places");
  const linear = placeReferenceLabels([50, 52, 90], "linear", [0, 100]);
  assert.deepEqual([linear[0] !== linear[1], linear[2]], [true, "insideTopRight"]);
});

test("failure marks: adjacent marked buckets merge, and each stretch names its backends", () => {
  const step = 60_000;
  const marks = failureMarks(
    [
      { key: "search", label: "search", failureDominated: [0, step, 2 * step, 5 * step] },
      { key: "api", label: "api", failureDominated: [5 * step] },
      { key: "shop", label: "shop" },
    ],
    step,
  );
  assert.deepEqual(
    marks.map((m) => [m.fromMs / step, m.toMs / step]),
    [
      [0, 3],
      [5, 6],
    ],
  );
  assert.match(marks[0]!.label, /^Most requests to search failed before reaching an origin/);
  assert.match(marks[1]!.label, /to search, api failed/);
  assert.deepEqual(failureMarks([], step), []);
});

test("stacked bands: each band's edge only where it has a value, closing its last step", () => {
  const rows: ChartRow[] = [
    { t: 0, v0: 1, v1: 0 },
    { t: 1, v0: 1, v1: 2 },
    { t: 2, v0: 0, v1: 2 },
    { t: 3, v0: 0, v1: 0 },
    { t: 4, v0: null, v1: null },
  ];
  const edges = withBandEdges(rows, 2);
  assert.deepEqual(edges.map((r) => r.e0), [1, 1, 1, null, null], "band 0: buckets 0-1, closed at 2");
  assert.deepEqual(edges.map((r) => r.e1), [null, 3, 2, 2, null], "band 1 sits on band 0: 1+2, then 0+2, closed at 3");
  assert.deepEqual(edges.map((r) => r.v1), rows.map((r) => r.v1), "values untouched");
});

test("per minute, drawn: the still-filling bucket is left out until it has had a quarter of its step", () => {
  const now = 10 * 300_000 + 20_000;
  const f = drawnPerMinute(300_000, now);
  assert.equal(f(50, now - 20_000 - 300_000), 10, "a full five-minute bucket");
  assert.equal(f(3, now - 20_000), null, "20 s into a five-minute bucket: not drawn");
  assert.equal(f(20, now - 120_000), perMinute(300_000, now)(20, now - 120_000), "two minutes in: scaled by the time it had");
  assert.equal(drawnPerMinute(60_000, now)(5, now - 20_000), 15, "20 s into a one-minute bucket: scaled to a minute");
  assert.equal(drawnPerMinute(60_000, now)(5, now - 10_000), null, "10 s: too little to scale");
});
