// The counters /metrics exposes, kept in memory since this process started, as Prometheus
// counters are meant to be (a restart is a reset, which rate() and increase() handle).
//
// Why not sums over the rollups: they are not monotonic. Retention deletes minute and hour rows,
// a late error-log line moves a 5xx from one cause to another (-1 on one cause), and a scrape
// would have to sum 30 days of rows. Here every committed ingest batch adds what it counted
// (through the one after-commit hook of lib/observations), and nothing is ever subtracted: a
// 5xx counts under the cause it had when its batch committed. Each web process counts what it
// ingested; Prometheus scrapes each process as its own target and sums them.
//
// On globalThis: Next.js loads route handlers and instrumentation as separate module graphs in
// one process; they must share one set of counters.
import { onObservationsCommitted, type TouchedMinutes } from "@/lib/observations/published";
import { representativeValue } from "@/lib/rollups/histogram";
import { LATENCY_LE_SECONDS } from "@/lib/metrics/exposition";

export interface BackendCounters {
  /** Requests by status class ("2xx", "5xx", ...; "other" for a missing or odd status). */
  byStatusClass: Map<string, number>;
  /** 5xx by cause id. */
  errorsByCause: Map<string, number>;
  /** Requests per LATENCY_LE_SECONDS slot (not cumulative); slower than the last bound only in latencyCount. */
  latencyBuckets: number[];
  latencySumSeconds: number;
  latencyCount: number;
}

/** Evaluation durations' bounds (seconds). */
export const EVALUATION_LE_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface ProcessCounters {
  backends: Map<string, BackendCounters>;
  ingest: { linesAccepted: number; linesRejected: number; batches: number };
  evaluation: { runs: number; failures: number; buckets: number[]; sumSeconds: number };
  /** Set once this process counts committed observations. */
  subscribed: boolean;
}

const holder = globalThis as typeof globalThis & { __originwatchMetrics?: ProcessCounters };

export function processCounters(): ProcessCounters {
  return (holder.__originwatchMetrics ??= {
    backends: new Map(),
    ingest: { linesAccepted: 0, linesRejected: 0, batches: 0 },
    evaluation: { runs: 0, failures: 0, buckets: EVALUATION_LE_SECONDS.map(() => 0), sumSeconds: 0 },
    subscribed: false,
  });
}

export function statusClass(status: string): string {
  const n = Number(status);
  return Number.isInteger(n) && n >= 100 && n <= 599 ? `${Math.floor(n / 100)}xx` : "other";
}

/** The LATENCY_LE_SECONDS slot of a log-scale histogram bucket (by its representative value), or -1 above the last bound. */
const LATENCY_SLOT = (() => {
  const cache = new Map<number, number>();
  return (index: number): number => {
    let slot = cache.get(index);
    if (slot === undefined) {
      const seconds = representativeValue(index) / 1000;
      slot = LATENCY_LE_SECONDS.findIndex((le) => seconds <= le);
      cache.set(index, slot);
    }
    return slot;
  };
})();

const bump = (m: Map<string, number>, k: string, by: number) => {
  if (by > 0) m.set(k, (m.get(k) ?? 0) + by);
};

export function countTraffic(touched: TouchedMinutes): void {
  const c = processCounters();
  for (const t of touched.traffic ?? []) {
    let b = c.backends.get(t.backend);
    if (!b) {
      b = { byStatusClass: new Map(), errorsByCause: new Map(), latencyBuckets: LATENCY_LE_SECONDS.map(() => 0), latencySumSeconds: 0, latencyCount: 0 };
      c.backends.set(t.backend, b);
    }
    let classified = 0;
    for (const [status, n] of Object.entries(t.statusCounts)) {
      bump(b.byStatusClass, statusClass(status), n);
      classified += n;
    }
    // Requests whose line carried no status still count, as "other".
    bump(b.byStatusClass, "other", t.requests - classified);
    for (const [cause, n] of Object.entries(t.causeCounts)) bump(b.errorsByCause, cause, n);
    for (const [index, n] of Object.entries(t.latencyHist)) {
      const slot = LATENCY_SLOT(Number(index));
      if (slot >= 0 && n > 0) b.latencyBuckets[slot]! += n;
    }
    if (t.latencyCount > 0) {
      b.latencyCount += t.latencyCount;
      b.latencySumSeconds += t.latencySumMs / 1000;
    }
  }
}

export function countIngestBatch(accepted: number, rejected: number): void {
  const c = processCounters().ingest;
  c.batches += 1;
  c.linesAccepted += accepted;
  c.linesRejected += rejected;
}

export function countEvaluation(seconds: number, failed: boolean): void {
  const e = processCounters().evaluation;
  e.runs += 1;
  if (failed) e.failures += 1;
  e.sumSeconds += seconds;
  const slot = EVALUATION_LE_SECONDS.findIndex((le) => seconds <= le);
  if (slot >= 0) e.buckets[slot]! += 1;
}

/** Starts counting committed observations in this process (once; later calls do nothing). */
export function startTrafficCounting(): void {
  const c = processCounters();
  if (c.subscribed) return;
  c.subscribed = true;
  onObservationsCommitted((touched) => {
    if (touched.origin === "requests") countTraffic(touched);
  });
}
