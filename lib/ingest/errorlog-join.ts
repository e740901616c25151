// Joins nginx error-log evidence to the access-log 5xx it explains: same request line, same
// client, same upstream (when both say), within ~2 s of wall-clock time, whichever arrives first.
// Other sources with a separate error stream (bunny.net Origin Errors) join with their own keys
// and window.
//
// Times: error logs carry local wall-clock time without a zone, access logs usually carry a
// zone, so requests are compared on their wall clock (UTC time + logged offset).
// Memory: each side holds at most `maxPending` entries (oldest dropped first), and an entry is
// dropped once the *other* stream has moved past it by more than the window, because nothing
// that could match it can arrive any more. Pending entries export to plain JSON so a caller can
// keep the unmatched ones across batches.

import type { NginxErrorEvidence, ParsedRequest } from "@/lib/ingest/types";

export interface PendingRequest<Ref> {
  request: ParsedRequest;
  /** Caller's handle (must be plain JSON to survive export), e.g. where the 5xx was counted. */
  ref: Ref;
}

export interface JoinerSnapshot<Ref> {
  version: 1;
  requests: PendingRequest<Ref>[];
  evidence: NginxErrorEvidence[];
  requestWatermark: number;
  evidenceWatermark: number;
}

/**
 * What a request and an error record must share to be joined (besides time and upstream);
 * undefined means the line cannot be joined. Keys must be plain functions of the values, so
 * pending entries restored from a snapshot key the same way.
 */
export interface JoinKeys {
  request(request: ParsedRequest): string | undefined;
  evidence(evidence: NginxErrorEvidence): string | undefined;
}

/** nginx: the same client and request line (`GET /api HTTP/1.1`). */
export const NGINX_JOIN_KEYS: JoinKeys = {
  request(request) {
    const line = requestLine(request);
    return request.client === undefined || line === undefined ? undefined : `${request.client}\n${line}`;
  },
  evidence(evidence) {
    return evidence.client === undefined || evidence.request === undefined ? undefined : `${evidence.client}\n${evidence.request}`;
  },
};

export interface JoinerOptions {
  windowMs?: number;
  maxPending?: number;
  /** Default: nginx's (NGINX_JOIN_KEYS). */
  keys?: JoinKeys;
}

interface Entry<T> {
  key: string;
  wallMs: number;
  upstream: string | undefined;
  value: T;
  removed: boolean;
}

/** Caps how many entries one (client, request line) can pile up, so matching stays cheap. */
const MAX_PER_KEY = 64;

/** Entries of one side: by key for matching, in arrival order for eviction. */
class PendingSide<T> {
  readonly byKey = new Map<string, Entry<T>[]>();
  private queue: Entry<T>[] = [];
  private head = 0;
  size = 0;

  add(entry: Entry<T>, max: number): void {
    const list = this.byKey.get(entry.key);
    if (list) list.push(entry);
    else this.byKey.set(entry.key, [entry]);
    this.queue.push(entry);
    this.size++;
    if (list && list.length > MAX_PER_KEY) this.remove(list[0]);
    while (this.size > max) this.remove(this.queue[this.head]);
  }

  remove(entry: Entry<T>): void {
    if (entry.removed) return;
    entry.removed = true;
    this.size--;
    const list = this.byKey.get(entry.key);
    if (list) {
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.byKey.delete(entry.key);
    }
    while (this.head < this.queue.length && this.queue[this.head].removed) this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops entries older than `wallMs`; arrival order is close to time order, so look at the head. */
  expireBefore(wallMs: number, onExpired?: (entry: Entry<T>) => void): void {
    while (this.head < this.queue.length && this.queue[this.head].wallMs < wallMs) {
      const entry = this.queue[this.head];
      this.remove(entry);
      onExpired?.(entry);
    }
  }

  values(): T[] {
    return this.queue.slice(this.head).filter((entry) => !entry.removed).map((entry) => entry.value);
  }
}

function requestLine(request: ParsedRequest): string | undefined {
  if (request.method === undefined || request.path === undefined) return undefined;
  return request.protocol === undefined ? `${request.method} ${request.path}` : `${request.method} ${request.path} ${request.protocol}`;
}

function requestWallMs(request: ParsedRequest): number {
  return request.time + (request.utcOffsetMin ?? 0) * 60_000;
}

export class ErrorLogJoiner<Ref = null> {
  readonly windowMs: number;
  readonly maxPending: number;
  private readonly keys: JoinKeys;
  private readonly requests = new PendingSide<PendingRequest<Ref>>();
  private readonly evidence = new PendingSide<NginxErrorEvidence>();
  private requestWatermark = -Infinity;
  private evidenceWatermark = -Infinity;
  /**
   * Called for a pending 5xx the error log has moved past (by more than the window) without a
   * line for it: the source ships its error log, and nginx logged no failure of its own, so the
   * upstream's status was the origin's answer. Entries dropped for other reasons are not reported.
   */
  onUnexplained?: (pending: PendingRequest<Ref>) => void;
  private readonly reportUnexplained = (entry: Entry<PendingRequest<Ref>>) => {
    if (this.onUnexplained && this.evidenceWatermark - this.windowMs > entry.wallMs) this.onUnexplained(entry.value);
  };

  constructor(options: JoinerOptions = {}) {
    this.windowMs = options.windowMs ?? 2000;
    this.maxPending = options.maxPending ?? 10_000;
    this.keys = options.keys ?? NGINX_JOIN_KEYS;
  }

  get pendingCounts(): { requests: number; evidence: number } {
    return { requests: this.requests.size, evidence: this.evidence.size };
  }

  /** Evidence line: returns the earlier request it explains (now removed from pending), if any. */
  addEvidence(evidence: NginxErrorEvidence): PendingRequest<Ref> | undefined {
    const key = this.keys.evidence(evidence);
    if (key === undefined || Number.isNaN(evidence.time)) return undefined;
    this.evidenceWatermark = Math.max(this.evidenceWatermark, evidence.time);
    this.requests.expireBefore(this.evidenceWatermark - this.windowMs, this.reportUnexplained);
    const match = this.closest(this.requests.byKey.get(key), evidence.time, evidence.upstreamAddr);
    if (match) {
      this.requests.remove(match);
      return match.value;
    }
    this.evidence.add({ key, wallMs: evidence.time, upstream: evidence.upstreamAddr, value: evidence, removed: false }, this.maxPending);
    return undefined;
  }

  /** A 5xx access line: returns its evidence if already seen, else keeps it pending. */
  addRequest(request: ParsedRequest, ref: Ref): NginxErrorEvidence | undefined {
    if (request.status < 500 || request.status > 599) return undefined;
    const key = this.keys.request(request);
    if (key === undefined) return undefined;
    const wallMs = requestWallMs(request);
    this.requestWatermark = Math.max(this.requestWatermark, wallMs);
    this.evidence.expireBefore(this.requestWatermark - this.windowMs);
    const match = this.closest(this.evidence.byKey.get(key), wallMs, request.upstreamAddr);
    if (match) {
      this.evidence.remove(match);
      return match.value;
    }
    this.requests.add({ key, wallMs, upstream: request.upstreamAddr, value: { request, ref }, removed: false }, this.maxPending);
    return undefined;
  }

  /** Drops every pending entry older than `wallMs` (e.g. at the end of a long idle period). */
  expireBefore(wallMs: number): void {
    this.requests.expireBefore(wallMs, this.reportUnexplained);
    this.evidence.expireBefore(wallMs);
  }

  /**
   * Drops entries more than `horizonMs` (log time) behind the newest line of either stream. A
   * source that never sends its error log would otherwise keep every 5xx pending up to the cap.
   */
  expireBehind(horizonMs: number): void {
    const newest = Math.max(this.requestWatermark, this.evidenceWatermark);
    if (Number.isFinite(newest)) this.expireBefore(newest - horizonMs);
  }

  exportPending(): JoinerSnapshot<Ref> {
    return {
      version: 1,
      requests: this.requests.values(),
      evidence: this.evidence.values(),
      requestWatermark: Number.isFinite(this.requestWatermark) ? this.requestWatermark : 0,
      evidenceWatermark: Number.isFinite(this.evidenceWatermark) ? this.evidenceWatermark : 0,
    };
  }

  /** Restores entries exported earlier (no matching happens between imported entries). */
  importPending(snapshot: JoinerSnapshot<Ref>): void {
    for (const { request, ref } of snapshot.requests) {
      const key = this.keys.request(request);
      if (key === undefined) continue;
      this.requests.add({ key, wallMs: requestWallMs(request), upstream: request.upstreamAddr, value: { request, ref }, removed: false }, this.maxPending);
    }
    for (const evidence of snapshot.evidence) {
      const key = this.keys.evidence(evidence);
      if (key === undefined) continue;
      this.evidence.add({ key, wallMs: evidence.time, upstream: evidence.upstreamAddr, value: evidence, removed: false }, this.maxPending);
    }
    this.requestWatermark = Math.max(this.requestWatermark, snapshot.requestWatermark || -Infinity);
    this.evidenceWatermark = Math.max(this.evidenceWatermark, snapshot.evidenceWatermark || -Infinity);
  }

  /** Nearest entry in time within the window whose upstream agrees (when both sides name one). */
  private closest<T>(candidates: Entry<T>[] | undefined, wallMs: number, upstream: string | undefined): Entry<T> | undefined {
    if (!candidates) return undefined;
    let best: Entry<T> | undefined;
    let bestGap = Infinity;
    for (const candidate of candidates) {
      if (upstream !== undefined && candidate.upstream !== undefined && upstream !== candidate.upstream) continue;
      const gap = Math.abs(candidate.wallMs - wallMs);
      if (gap <= this.windowMs && gap < bestGap) {
        best = candidate;
        bestGap = gap;
      }
    }
    return best;
  }
}
