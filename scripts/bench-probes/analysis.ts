// Figures for the probe benchmark: steady-state throughput, lag and resources from two worker
// reports, and, from what the origins saw, double runs and how fast a killed worker's probes came back.
import { lagQuantile } from "@/lib/probes/scheduler-stats";
import type { WorkerReport } from "./worker";

export interface SteadyFigures {
  probesPerSecond: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  cpuPercent: number;
  peakRssMb: number;
  dropped: number;
  flushFailures: number;
}

export function steadyFigures(from: WorkerReport, to: WorkerReport): SteadyFigures {
  const seconds = (to.at - from.at) / 1000;
  return {
    probesPerSecond: (to.stats.recorded - from.stats.recorded) / seconds,
    lagP50Ms: lagQuantile(to.stats.lagHistogram, 0.5, from.stats.lagHistogram),
    lagP99Ms: lagQuantile(to.stats.lagHistogram, 0.99, from.stats.lagHistogram),
    cpuPercent: ((to.cpuMicros - from.cpuMicros) / 1000 / (to.at - from.at)) * 100,
    peakRssMb: to.maxRssBytes / 1024 / 1024,
    dropped: to.stats.dropped - from.stats.dropped,
    flushFailures: to.stats.flushFailures - from.stats.flushFailures,
  };
}

/** Request start times per probe index, sorted. */
export function hitsByProbe(index: number[], at: number[]): Map<number, number[]> {
  const byProbe = new Map<number, number[]>();
  for (let i = 0; i < index.length; i++) {
    const list = byProbe.get(index[i]!) ?? [];
    list.push(at[i]!);
    byProbe.set(index[i]!, list);
  }
  for (const list of byProbe.values()) list.sort((a, b) => a - b);
  return byProbe;
}

/**
 * Two requests for one probe closer than a quarter interval: the same slot run twice (or runs
 * overlapping). Legitimate runs are at least about half an interval apart: a late run's next
 * slot is pushed to half an interval after it (lib/probes/claims.ts).
 */
export function countDoubleRuns(hits: Map<number, number[]>, intervalMs: number): number {
  let doubles = 0;
  for (const times of hits.values()) for (let k = 1; k < times.length; k++) if (times[k]! - times[k - 1]! < intervalMs / 4) doubles += 1;
  return doubles;
}

export interface LeasedAtKill {
  index: number;
  /** The slot the killed worker had claimed (next_run_at - interval at the kill). */
  slotMs: number;
}

export interface TakeoverFigures {
  leased: number;
  neverRanAgain: number;
  maxAfterKillMs: number;
  maxSinceSlotMs: number;
  maxGapAnyProbeMs: number;
}

export function takeoverFigures(hits: Map<number, number[]>, leased: LeasedAtKill[], killAt: number, endAt: number): TakeoverFigures {
  let neverRanAgain = 0;
  let maxAfterKillMs = 0;
  let maxSinceSlotMs = 0;
  for (const probe of leased) {
    const next = (hits.get(probe.index) ?? []).find((t) => t > killAt);
    if (next === undefined) {
      neverRanAgain += 1;
      continue;
    }
    maxAfterKillMs = Math.max(maxAfterKillMs, next - killAt);
    maxSinceSlotMs = Math.max(maxSinceSlotMs, next - probe.slotMs);
  }
  // Across every probe: the longest wait between two runs around the kill (or until the end).
  let maxGapAnyProbeMs = 0;
  for (const times of hits.values()) {
    const before = times.filter((t) => t <= killAt).at(-1);
    if (before === undefined) continue;
    const after = times.find((t) => t > killAt) ?? endAt;
    maxGapAnyProbeMs = Math.max(maxGapAnyProbeMs, after - before);
  }
  return { leased: leased.length, neverRanAgain, maxAfterKillMs, maxSinceSlotMs, maxGapAnyProbeMs };
}

/** A plain-text table with aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

export const fmtMs = (ms: number | null) => (ms === null ? "-" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
