// The in-memory aggregator of one source's batch: parse → attribute → count per
// (minute, backend). Its result is plain, additive data the caller persists as rollups.

import { randomUUID } from "node:crypto";
import { BucketState, type AggregateBucket } from "@/lib/ingest/aggregate-bucket";
import { attributeCause, isServerError } from "@/lib/ingest/causes";
import { ErrorLogJoiner } from "@/lib/ingest/errorlog-join";
import { BUNNY_JOIN_KEYS, BUNNY_JOIN_WINDOW_MS } from "@/lib/ingest/formats/cdn/bunny";
import { compileFormat } from "@/lib/ingest/formats/registry";
import type { CauseCorrection as ObservedCorrection, ObservedSample } from "@/lib/observations/types";
import type { CauseId, CompiledParser, NginxErrorEvidence, ParsedRequest, ParseOutcome, ProxyKind } from "@/lib/ingest/types";

export type { AggregateBucket } from "@/lib/ingest/aggregate-bucket";

/** Where a pending nginx 5xx was counted, so a late error-log line can move it to its cause. */
export interface JoinRef {
  sourceId: string;
  /** The aggregator (one batch of one source) that counted it. */
  aggregatorId: string;
  minuteMs: number;
  backend: string;
  cause: CauseId;
  lineNo: number;
}

export interface AggregatorOptions {
  kind: ProxyKind;
  /** The proxy's own format string; blank means the proxy's default. Throws FormatError when invalid. */
  format?: string;
  /** Backend name for lines that log none. */
  defaultBackend?: string;
  /** Varnish: the source declares that varnishncsa -b feeds it (every line a backend transaction). */
  backendSide?: boolean;
  sourceId?: string;
  /** Raw 5xx lines kept per (minute, backend, cause). */
  maxSamples?: number;
  maxErrors?: number;
  /** nginx, bunny.net: share one joiner between the access-log and error-record streams (and across batches). */
  joiner?: ErrorLogJoiner<JoinRef>;
  /**
   * nginx: parse and count everything now, but hold the 5xx and the error-log lines (the only
   * lines the joiner looks at) until `completeJoin` hands over the joiner. The caller can then
   * parse outside its lock on the source's join state and only join inside it.
   */
  deferJoin?: boolean;
}

/** A line the joiner must see, held in arrival order until `completeJoin`. */
type DeferredJoin =
  | { kind: "request"; request: ParsedRequest; rawLine: string; lineNo: number; minuteMs: number; backend: string }
  | { kind: "evidence"; evidence: NginxErrorEvidence };

/** A kept 5xx line: the recorded sample (lib/observations/types.ts) with ingest's own types. */
export interface AggregateSample extends ObservedSample {
  cause: CauseId;
  request: ParsedRequest;
  errorLog?: NginxErrorEvidence;
}

/** A 5xx counted earlier (another batch or source) whose error-log line arrived in this one. */
export interface CauseCorrection extends ObservedCorrection {
  from: CauseId;
  to: CauseId;
}

/**
 * Line counters: `lines = accepted + rejected + blank`, and
 * `accepted = requestLines + uncountedLines + evidenceLines + noticeLines`. Accepted means
 * understood; only `requestLines` are counted as requests (the buckets' `requests` sum to it).
 */
export interface AggregateResult {
  kind: ProxyKind;
  sourceId: string;
  lines: number;
  /** Lines understood, of every kind: what the batch answer reports as accepted. */
  accepted: number;
  /** Access-log lines counted as requests. */
  requestLines: number;
  /** Access-log lines understood but not counted (varnishncsa `-b -c` client lines, see varnish-sides.ts). */
  uncountedLines: number;
  /** nginx error-log lines read as evidence. */
  evidenceLines: number;
  /** The proxy's own messages, e.g. HAProxy server-state changes. */
  noticeLines: number;
  rejected: number;
  blank: number;
  /** The first `maxErrors` rejected lines. */
  errors: { line: number; reason: string }[];
  buckets: AggregateBucket[];
  samples: AggregateSample[];
  corrections: CauseCorrection[];
}

export const SAMPLE_LINE_LIMIT = 2048;

/**
 * Sources whose 5xx are explained by a second stream of error records shipped to the same
 * source: nginx's error log, bunny.net's Origin Errors. A fresh joiner for such a kind, else undefined.
 */
export function joinerFor(kind: ProxyKind): ErrorLogJoiner<JoinRef> | undefined {
  if (kind === "nginx") return new ErrorLogJoiner<JoinRef>();
  if (kind === "bunny") return new ErrorLogJoiner<JoinRef>({ keys: BUNNY_JOIN_KEYS, windowMs: BUNNY_JOIN_WINDOW_MS });
  return undefined;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
  return true;
}

export class LogAggregator {
  readonly kind: ProxyKind;
  readonly sourceId: string;
  private readonly parser: CompiledParser;
  private readonly defaultBackend: string;
  private readonly maxSamples: number;
  private readonly maxErrors: number;
  private joiner: ErrorLogJoiner<JoinRef> | undefined;
  /** Lines waiting for `completeJoin` (deferJoin), else undefined. */
  private deferred: DeferredJoin[] | undefined;
  /** Random, so refs persisted by other processes never pass for ours. */
  private readonly aggregatorId = randomUUID();
  private readonly minutes = new Map<number, Map<string, BucketState>>();
  private readonly samples = new Map<string, AggregateSample[]>();
  private readonly corrections: CauseCorrection[] = [];
  private readonly errors: { line: number; reason: string }[] = [];
  private lastMinute = NaN;
  private lastBackends: Map<string, BucketState> | undefined;
  private lastBackend: string | undefined;
  private lastBucket: BucketState | undefined;
  private lines = 0;
  private requestLines = 0;
  private uncountedLines = 0;
  private evidenceLines = 0;
  private noticeLines = 0;
  private rejected = 0;
  private blank = 0;

  constructor(options: AggregatorOptions) {
    this.kind = options.kind;
    this.sourceId = options.sourceId ?? "";
    // Lean: the aggregator reads the client, request line and evidence of 5xx lines only.
    this.parser = compileFormat(options.kind, options.format, { lean: true, backendSide: options.backendSide });
    this.defaultBackend = options.defaultBackend ?? "";
    this.maxSamples = options.maxSamples ?? 5;
    this.maxErrors = options.maxErrors ?? 20;
    const joins = options.kind === "nginx" || options.kind === "bunny";
    if (options.deferJoin && joins) this.deferred = [];
    else this.joiner = options.joiner ?? joinerFor(options.kind);
    if (this.joiner) this.joiner.onUnexplained = (pending) => this.applyOriginAnswered(pending);
  }

  /** Runs the held 5xx and error-log lines through `joiner`, in the order they arrived. */
  completeJoin(joiner: ErrorLogJoiner<JoinRef>): void {
    const deferred = this.deferred;
    if (!deferred) throw new Error("completeJoin: this aggregator was not created with deferJoin");
    this.deferred = undefined;
    this.joiner = joiner;
    joiner.onUnexplained = (pending) => this.applyOriginAnswered(pending);
    for (const item of deferred) {
      if (item.kind === "evidence") this.applyLateEvidence(item.evidence);
      else this.addServerError(item.request, item.rawLine, item.lineNo, item.minuteMs, item.backend);
    }
  }

  /** Parses, attributes and counts one line; `lineNo` is 1-based and only used in reports. */
  addLine(rawLine: string, lineNo: number): void {
    this.lines++;
    if (isBlank(rawLine)) {
      this.blank++;
      return;
    }
    const outcome = this.parser.parse(rawLine);
    if (!outcome.ok) {
      this.rejected++;
      if (this.errors.length < this.maxErrors) this.errors.push({ line: lineNo, reason: outcome.reason });
      return;
    }
    if (outcome.kind !== "request") {
      this.addNonRequest(outcome);
      return;
    }
    this.requestLines++;
    const request = outcome.request;
    const minuteMs = Math.floor(request.time / 60_000) * 60_000;
    // A name in the line wins; then the source's default backend (also over a bare upstream
    // address, which names no backend); then the address as logged.
    const backend = request.backendIsAddress && this.defaultBackend !== "" ? this.defaultBackend : (request.backend ?? this.defaultBackend);
    if (!isServerError(request.status)) {
      this.bucketFor(minuteMs, backend).add(request, null);
      return;
    }
    if (this.deferred) this.deferred.push({ kind: "request", request, rawLine, lineNo, minuteMs, backend });
    else this.addServerError(request, rawLine, lineNo, minuteMs, backend);
  }

  private addServerError(request: ParsedRequest, rawLine: string, lineNo: number, minuteMs: number, backend: string): void {
    const bucket = this.bucketFor(minuteMs, backend);
    let joined: NginxErrorEvidence | undefined;
    let ref: JoinRef | undefined;
    if (this.joiner !== undefined) {
      ref = { sourceId: this.sourceId, aggregatorId: this.aggregatorId, minuteMs, backend, cause: "unknown", lineNo };
      joined = this.joiner.addRequest(request, ref);
    }
    const cause = attributeCause(this.kind, request, joined) ?? "unknown";
    if (ref) ref.cause = cause;
    bucket.add(request, cause);
    this.keepSample({ minuteMs, backend, cause, lineNo, line: rawLine.slice(0, SAMPLE_LINE_LIMIT), request, errorLog: joined });
  }

  result(): AggregateResult {
    if (this.deferred) throw new Error("result: the held 5xx are not joined yet (call completeJoin first)");
    const buckets: AggregateBucket[] = [];
    for (const minuteMs of [...this.minutes.keys()].sort((a, b) => a - b)) {
      const backends = this.minutes.get(minuteMs);
      for (const backend of [...(backends?.keys() ?? [])].sort()) {
        const bucket = backends?.get(backend);
        if (bucket) buckets.push(bucket.toPlain());
      }
    }
    return {
      kind: this.kind,
      sourceId: this.sourceId,
      lines: this.lines,
      accepted: this.requestLines + this.uncountedLines + this.evidenceLines + this.noticeLines,
      requestLines: this.requestLines,
      uncountedLines: this.uncountedLines,
      evidenceLines: this.evidenceLines,
      noticeLines: this.noticeLines,
      rejected: this.rejected,
      blank: this.blank,
      errors: [...this.errors],
      buckets,
      samples: [...this.samples.values()].flat(),
      corrections: [...this.corrections],
    };
  }

  /** A line understood but not counted as a request. */
  private addNonRequest(outcome: Exclude<ParseOutcome, { ok: false } | { kind: "request" }>): void {
    switch (outcome.kind) {
      case "evidence":
        this.evidenceLines++;
        if (this.deferred) this.deferred.push({ kind: "evidence", evidence: outcome.evidence });
        else this.applyLateEvidence(outcome.evidence);
        return;
      case "uncounted":
        this.uncountedLines++;
        return;
      case "notice":
        this.noticeLines++;
        return;
    }
  }

  /** Most lines repeat the previous line's minute and backend: skip the map lookups then. */
  private bucketFor(minuteMs: number, backend: string): BucketState {
    if (minuteMs === this.lastMinute && backend === this.lastBackend && this.lastBucket) return this.lastBucket;
    let backends = minuteMs === this.lastMinute ? this.lastBackends : this.minutes.get(minuteMs);
    if (!backends) {
      backends = new Map();
      this.minutes.set(minuteMs, backends);
    }
    let bucket = backends.get(backend);
    if (!bucket) {
      bucket = new BucketState(minuteMs, backend);
      backends.set(backend, bucket);
    }
    this.lastMinute = minuteMs;
    this.lastBackends = backends;
    this.lastBackend = backend;
    this.lastBucket = bucket;
    return bucket;
  }

  private keepSample(sample: AggregateSample): void {
    if (this.maxSamples <= 0) return;
    const key = `${sample.minuteMs}\n${sample.backend}\n${sample.cause}`;
    const list = this.samples.get(key);
    if (!list) this.samples.set(key, [sample]);
    else if (list.length < this.maxSamples) list.push(sample);
  }

  /** An error-log line that explains a 5xx already counted: move it to the cause it implies. */
  private applyLateEvidence(evidence: NginxErrorEvidence): void {
    const pending = this.joiner?.addEvidence(evidence);
    if (pending) this.moveCause(pending.ref, attributeCause(this.kind, pending.request, evidence) ?? pending.ref.cause, pending.request, evidence);
  }

  /**
   * A 502/504 from an upstream that the error log passed without a line: nginx logs every failure
   * of its own (connect, handshake, timeout, reset), so the origin answered that status itself.
   */
  private applyOriginAnswered(pending: { request: ParsedRequest; ref: JoinRef }): void {
    const statuses = pending.request.evidence.nginxUpstreamStatuses;
    const last = statuses && statuses.length > 0 ? statuses[statuses.length - 1] : null;
    if (last === 502 || last === 504) this.moveCause(pending.ref, "backend_error", pending.request);
  }

  private moveCause(ref: JoinRef, to: CauseId, request: ParsedRequest, evidence?: NginxErrorEvidence): void {
    const from = ref.cause;
    if (to === from) return;
    ref.cause = to;
    const bucket = ref.aggregatorId === this.aggregatorId ? this.minutes.get(ref.minuteMs)?.get(ref.backend) : undefined;
    if (!bucket) {
      this.corrections.push({ sourceId: ref.sourceId, minuteMs: ref.minuteMs, backend: ref.backend, lineNo: ref.lineNo, from, to });
      return;
    }
    bucket.reattribute(from, to, request);
    const key = `${ref.minuteMs}\n${ref.backend}\n${from}`;
    const list = this.samples.get(key);
    const at = list?.findIndex((sample) => sample.lineNo === ref.lineNo) ?? -1;
    if (list && at >= 0) {
      const [sample] = list.splice(at, 1);
      if (list.length === 0) this.samples.delete(key);
      this.keepSample({ ...sample, cause: to, errorLog: evidence ?? sample.errorLog });
    }
  }
}
