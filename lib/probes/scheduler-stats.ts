// What a scheduler has done, for logs and the benchmark: counters and the schedule lag
// (actual start - scheduled slot) as a log-scale histogram, so percentiles cost nothing to keep.
import { createHistogram, quantile, recordLatency, type Histogram } from "@/lib/rollups/histogram";

export interface ProbeSchedulerStats {
  claimed: number;
  started: number;
  /** Claims not started: the lease was about to lapse (the process had stalled), or this scheduler still held the probe. */
  skipped: number;
  completed: number;
  recorded: number;
  /** Results not recorded: the probe was deleted or another scheduler had taken it over. */
  dropped: number;
  flushes: number;
  flushFailures: number;
  claimFailures: number;
  inflight: number;
  buffered: number;
  maxLagMs: number;
  /** Dense histogram (lib/rollups/histogram buckets) of schedule lag in ms. */
  lagHistogram: Histogram;
}

export type SchedulerCounter = Exclude<keyof ProbeSchedulerStats, "inflight" | "buffered" | "maxLagMs" | "lagHistogram">;

export class SchedulerStats {
  private readonly counters: Record<SchedulerCounter, number> = {
    claimed: 0,
    started: 0,
    skipped: 0,
    completed: 0,
    recorded: 0,
    dropped: 0,
    flushes: 0,
    flushFailures: 0,
    claimFailures: 0,
  };
  private readonly lag = createHistogram();
  private maxLagMs = 0;

  add(counter: SchedulerCounter, n = 1): void {
    this.counters[counter] += n;
  }

  recordLag(ms: number): void {
    const lag = Math.max(0, ms);
    recordLatency(this.lag, lag);
    if (lag > this.maxLagMs) this.maxLagMs = lag;
  }

  snapshot(live: { inflight: number; buffered: number }): ProbeSchedulerStats {
    return { ...this.counters, ...live, maxLagMs: this.maxLagMs, lagHistogram: [...this.lag] };
  }
}

/** Lag percentile (0..1) of a histogram, or of the difference between two snapshots' histograms. */
export function lagQuantile(histogram: Histogram, q: number, since?: Histogram): number | null {
  const h = since ? histogram.map((n, i) => n - (since[i] ?? 0)) : histogram;
  return quantile(h, q);
}
