// One (minute, backend) cell of the aggregator: typed-array counters while ingesting, plain
// JSON-able data when handed over. Counts are additive, so cells of different batches merge.

import { createHistogram, recordLatency, type Histogram } from "@/lib/rollups/histogram";
import { CACHE_HANDLINGS, CAUSE_IDS, type CacheHandling, type CauseId, type ParsedRequest } from "@/lib/ingest/types";

export interface AggregateBucket {
  minuteMs: number;
  backend: string;
  requests: number;
  /** 5xx responses; equals the sum of byCause. */
  serverErrors: number;
  status503: number;
  bytes: number;
  byStatus: Record<string, number>;
  byCause: Partial<Record<CauseId, number>>;
  byHandling: Partial<Record<CacheHandling, number>>;
  /** Counts per fixed bucket of lib/rollups/histogram; requests without a duration are not in it. */
  latencyHistogram: Histogram;
}

const STATUS_SLOTS = 600;
const HANDLING_INDEX = new Map<CacheHandling, number>(CACHE_HANDLINGS.map((handling, index) => [handling, index]));
export const CAUSE_INDEX = new Map<CauseId, number>(CAUSE_IDS.map((cause, index) => [cause, index]));

/**
 * The latency a request stands for: the origin's time to headers (or first byte) when logged,
 * because that is what a slow origin moves; else the whole request.
 */
export function latencyOf(request: ParsedRequest): number | undefined {
  return request.upstreamHeaderMs ?? request.firstByteMs ?? request.upstreamResponseMs ?? request.totalMs;
}

export class BucketState {
  requests = 0;
  serverErrors = 0;
  status503 = 0;
  bytes = 0;
  private readonly statusCounts = new Int32Array(STATUS_SLOTS);
  private otherStatuses: Map<number, number> | undefined;
  readonly causeCounts = new Int32Array(CAUSE_IDS.length);
  private readonly handlingCounts = new Int32Array(CACHE_HANDLINGS.length);
  private readonly latency = createHistogram();

  constructor(
    readonly minuteMs: number,
    readonly backend: string,
  ) {}

  add(request: ParsedRequest, cause: CauseId | null): void {
    this.requests++;
    const status = request.status;
    if (status < STATUS_SLOTS) this.statusCounts[status]++;
    else (this.otherStatuses ??= new Map()).set(status, (this.otherStatuses.get(status) ?? 0) + 1);
    if (request.bytes !== undefined) this.bytes += request.bytes;
    if (request.handling !== undefined) this.handlingCounts[HANDLING_INDEX.get(request.handling) ?? 0]++;
    const latency = latencyOf(request);
    if (latency !== undefined) recordLatency(this.latency, latency);
    if (cause !== null) {
      this.serverErrors++;
      this.causeCounts[CAUSE_INDEX.get(cause) ?? CAUSE_IDS.length - 1]++;
      if (status === 503) this.status503++;
    }
  }

  /** Moves one 5xx from one cause to another (an error-log line arrived after its request). */
  reattribute(from: CauseId, to: CauseId): void {
    const fromIndex = CAUSE_INDEX.get(from);
    const toIndex = CAUSE_INDEX.get(to);
    if (fromIndex === undefined || toIndex === undefined || this.causeCounts[fromIndex] === 0) return;
    this.causeCounts[fromIndex]--;
    this.causeCounts[toIndex]++;
  }

  toPlain(): AggregateBucket {
    const byStatus: Record<string, number> = {};
    for (let status = 0; status < STATUS_SLOTS; status++) if (this.statusCounts[status] > 0) byStatus[status] = this.statusCounts[status];
    for (const [status, count] of this.otherStatuses ?? []) byStatus[status] = count;
    const byCause: Partial<Record<CauseId, number>> = {};
    CAUSE_IDS.forEach((cause, index) => {
      if (this.causeCounts[index] > 0) byCause[cause] = this.causeCounts[index];
    });
    const byHandling: Partial<Record<CacheHandling, number>> = {};
    CACHE_HANDLINGS.forEach((handling, index) => {
      if (this.handlingCounts[index] > 0) byHandling[handling] = this.handlingCounts[index];
    });
    return {
      minuteMs: this.minuteMs,
      backend: this.backend,
      requests: this.requests,
      serverErrors: this.serverErrors,
      status503: this.status503,
      bytes: this.bytes,
      byStatus,
      byCause,
      byHandling,
      latencyHistogram: [...this.latency],
    };
  }
}
