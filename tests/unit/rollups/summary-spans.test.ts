// Where a summary reads (lib/rollups/grouped-rows.ts): day rows for whole days, hour rows for
// whole hours at the ends, minute rows for the ragged minutes. The spans must tile the range
// exactly, or a summary would count some minutes twice or not at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarySpans, type Table } from "@/lib/rollups/grouped-rows";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const UNIT: Record<Table, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

function check(fromMs: number, toMs: number): void {
  const spans = summarySpans(fromMs, toMs);
  const what = `${new Date(fromMs).toISOString()} .. ${new Date(toMs).toISOString()}: ${JSON.stringify(spans)}`;
  let at = fromMs;
  for (const span of spans) {
    assert.equal(span.fromMs, at, `contiguous: ${what}`);
    assert.ok(span.toMs > span.fromMs, `not empty: ${what}`);
    // A row of the table is read whole: its span must start and end on the table's boundaries.
    assert.equal(span.fromMs % UNIT[span.table], 0, `aligned start: ${what}`);
    assert.equal(span.toMs % UNIT[span.table], 0, `aligned end: ${what}`);
    at = span.toMs;
  }
  assert.equal(at, toMs, `covers the range: ${what}`);
  // The coarsest rows that fit: no whole day is read from hours, no whole hour from minutes.
  for (const span of spans) {
    if (span.table === "minute") assert.ok(span.toMs - span.fromMs < HOUR_MS, `minutes only at the ragged ends: ${what}`);
    if (span.table === "hour") assert.ok(span.toMs - span.fromMs < DAY_MS, `hours only at the ends: ${what}`);
  }
}

test("summary spans tile any minute-aligned range with the coarsest rows that fit", () => {
  const base = Date.UTC(2026, 10, 1);
  // Hand-picked edges: inside one hour, across an hour, across midnight, whole days, whole hours.
  const cases: [number, number][] = [
    [base + 10 * MINUTE_MS, base + 20 * MINUTE_MS],
    [base + 10.5 * HOUR_MS, base + 12.25 * HOUR_MS],
    [base + 23.5 * HOUR_MS, base + DAY_MS + 0.5 * HOUR_MS],
    [base, base + 3 * DAY_MS],
    [base + 2 * HOUR_MS, base + 5 * HOUR_MS],
    [base + 10.5 * HOUR_MS, base + 3 * DAY_MS + 5 * HOUR_MS + 20 * MINUTE_MS],
  ];
  for (const [from, to] of cases) check(from, to);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const from = base + Math.floor(random() * 40 * 24 * 60) * MINUTE_MS;
    const to = from + (1 + Math.floor(random() * 10 * 24 * 60)) * MINUTE_MS;
    check(from, to);
  }
  assert.deepEqual(summarySpans(base, base + 2 * DAY_MS), [{ table: "day", fromMs: base, toMs: base + 2 * DAY_MS }]);
});
