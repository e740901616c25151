// The log-scale axis of a time chart (latency spans decades: 20 ms p50 next to a 60 s timeout).
import { valueKey, type ChartRow } from "@/components/charts/rows";

/** Log-scale bounds and ticks: from the decade below the data to just above the data and references. */
export function logAxis(rows: ChartRow[], count: number, refs: readonly { y: number }[]): { domain: [number, number]; ticks: number[] } {
  let lo = Infinity;
  let hi = 0;
  for (const row of rows) {
    for (let i = 0; i < count; i++) {
      const v = row[valueKey(i)];
      if (typeof v === "number" && v > 0) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  for (const r of refs) hi = Math.max(hi, r.y);
  if (!Number.isFinite(lo)) return { domain: [1, 1000], ticks: [1, 10, 100, 1000] };
  const from = 10 ** Math.floor(Math.log10(lo));
  const to = hi * 1.5;
  const decades = Math.log10(to / from);
  const ticks: number[] = [];
  for (let d = from; d <= to; d *= 10) {
    ticks.push(d);
    if (decades <= 2.2) for (const m of [2, 5]) if (d * m <= to) ticks.push(d * m);
  }
  return { domain: [from, to], ticks: ticks.sort((a, b) => a - b) };
}
