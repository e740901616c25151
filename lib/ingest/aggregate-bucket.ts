// One (minute, backend) cell of the aggregator: typed-array counters while ingesting, plain
// JSON-able data when handed over. Counts are additive, so cells of different batches merge.

import { bucketIndex, createHistogram, recordLatency } from "@/lib/rollups/histogram";
import type { ObservedBucket } from "@/lib/observations/types";
import { countsForLatency } from "@/lib/ingest/origin-answer";
import { CACHE_HANDLINGS, CAUSE_IDS, type CacheHandling, type CauseId, type ParsedRequest } from "@/lib/ingest/types";

/** The recorded bucket (lib/observations/types.ts), its maps keyed by ingest's own ids. */
export interface AggregateBucket extends ObservedBucket {
  byCause: Partial<Record<CauseId, number>>;
  byHandling: Partial<Record<CacheHandling, number>>;
}

const STATUS_SLOTS = 600;
const HANDLING_INDEX = new Map<CacheHandling, number>(CACHE_HANDLINGS.map((handling, index) => [handling, index]));
export const CAUSE_INDEX = new Map<CauseId, number>(CAUSE_IDS.map((cause, index) => [cause, index]));

/**
 * The latency a request stands for: the origin's time to headers (or first byte) when logged,
 * because that is what a slow origin moves; else the whole request. Requests that never reached an
 * origin are left out by the caller (lib/ingest/origin-answer.ts).
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
    // A 5xx the proxy made without reaching an origin (refused, no healthy backend, ...) is not an
    // origin's response time: counted as a request and a cause, kept out of the latency.
    const latency = latencyOf(request);
    if (latency !== undefined && countsForLatency(cause)) recordLatency(this.latency, latency);
    if (cause !== null) {
      this.serverErrors++;
      this.causeCounts[CAUSE_INDEX.get(cause) ?? CAUSE_IDS.length - 1]++;
      if (status === 503) this.status503++;
    }
  }

  /**
   * Moves one 5xx from one cause to another (an error-log line arrived after its request), and
   * its duration into or out of the latency when the new cause says it did (not) reach an origin.
   */
  reattribute(from: CauseId, to: CauseId, request: ParsedRequest): void {
    const fromIndex = CAUSE_INDEX.get(from);
    const toIndex = CAUSE_INDEX.get(to);
    if (fromIndex === undefined || toIndex === undefined || this.causeCounts[fromIndex] === 0) return;
    this.causeCounts[fromIndex]--;
    this.causeCounts[toIndex]++;
    const latency = latencyOf(request);
    if (latency === undefined || countsForLatency(from) === countsForLatency(to)) return;
    if (countsForLatency(to)) recordLatency(this.latency, latency);
    else if (this.latency[bucketIndex(latency)] > 0) recordLatency(this.latency, latency, -1);
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
