// Buckets a latency answer marks as dominated by failures (lib/rollups/origin-answers.ts), merged
// into stretches the chart shades, each saying which backends it is about.
import type { ChartMark } from "@/components/charts/time-chart-types";

interface MarkedLine {
  key: string;
  label: string;
  failureDominated?: number[];
}

/** Adjacent marked buckets become one stretch; a stretch lists every backend marked in it. */
export function failureMarks(lines: MarkedLine[], stepMs: number): ChartMark[] {
  const who = new Map<number, string[]>();
  for (const line of lines) for (const t of line.failureDominated ?? []) who.set(t, [...(who.get(t) ?? []), line.label]);
  const starts = [...who.keys()].sort((a, b) => a - b);
  const out: ChartMark[] = [];
  for (const t of starts) {
    const names = who.get(t)!.join(", ");
    const last = out[out.length - 1];
    const label = `Most requests to ${names} failed before reaching an origin: latency counts only the answers it gave.`;
    if (last && last.toMs === t && last.label === label) last.toMs = t + stepMs;
    else out.push({ fromMs: t, toMs: t + stepMs, label });
  }
  return out;
}
