// Windows slid over minute rows in memory: what replaying late data (and a backtest) needs when
// it evaluates a rule at every minute of a range. Reading each minute's windows from the
// database would cost one query per minute; here the range's minute rows are read once and each
// window's totals move by adding the minute that enters and subtracting the one that leaves.
// Pure: no I/O, no clock. Counts are whole numbers, so adding and subtracting stays exact.
import { emptyTotals, type WindowTotals } from "@/lib/alerts/kinds/types";
import { lastMinuteOf } from "@/lib/alerts/data";
import { addCounts } from "@/lib/rollups/sparse";

const MINUTE_MS = 60_000;

/** One minute of one instance (all sources added), as the minute rollups hold it. */
export interface MinuteTotals extends WindowTotals {
  /** Start of the minute bucket (ms). */
  bucket: number;
}

export interface WindowSlider {
  /**
   * The totals of each window ending with the minute that holds the instant just before `at`
   * (as lib/alerts/data.ts reads them live), for windows holding at least one row. Calls must
   * come with non-decreasing `at`. The answer is a copy: later calls do not change it.
   */
  at(at: number): Map<number, WindowTotals>;
}

function add(into: WindowTotals, row: WindowTotals, sign: 1 | -1): void {
  into.requests += sign * row.requests;
  into.errors5xx += sign * row.errors5xx;
  into.errors503 += sign * row.errors503;
  addCounts(into.statusCounts, row.statusCounts, sign);
  addCounts(into.causeCounts, row.causeCounts, sign);
  addCounts(into.latencyHist, row.latencyHist, sign);
}

const copy = (t: WindowTotals): WindowTotals => ({
  ...t,
  statusCounts: { ...t.statusCounts },
  causeCounts: { ...t.causeCounts },
  latencyHist: { ...t.latencyHist },
});

/** A slider over one instance's minute rows (sorted by bucket, one row per bucket) for these window lengths (seconds). */
export function windowSlider(rows: readonly MinuteTotals[], windowSeconds: readonly number[]): WindowSlider {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.bucket <= rows[i - 1]!.bucket) throw new Error("windowSlider: rows must be sorted by bucket, one per bucket");
  }
  const windows = [...new Set(windowSeconds)].map((seconds) => ({ seconds, totals: emptyTotals(), head: 0, tail: 0 }));
  let lastAt = -Infinity;
  return {
    at(at) {
      if (at < lastAt) throw new Error("windowSlider: evaluation times must not go back");
      lastAt = at;
      const last = lastMinuteOf(at);
      const out = new Map<number, WindowTotals>();
      for (const w of windows) {
        const first = last - w.seconds * 1000 + MINUTE_MS;
        // Minutes entering the window (up to the last one), then minutes leaving it.
        while (w.head < rows.length && rows[w.head]!.bucket <= last) add(w.totals, rows[w.head++]!, 1);
        while (w.tail < w.head && rows[w.tail]!.bucket < first) add(w.totals, rows[w.tail++]!, -1);
        if (w.head > w.tail) out.set(w.seconds, copy(w.totals));
      }
      return out;
    },
  };
}

/** Every evaluation time from `from` to `to` (inclusive) one minute apart: a replay's or backtest's steps. */
export function minuteSteps(from: number, to: number): number[] {
  const out: number[] = [];
  for (let at = from; at <= to; at += MINUTE_MS) out.push(at);
  return out;
}
