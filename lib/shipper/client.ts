// Sends batches to POST /api/v1/ingest: gzip, the source token, a deterministic Idempotency-Key,
// retries with backoff on network errors, 408, 429 and 5xx (honouring Retry-After), smaller
// pieces on 413, and a FatalError when sending more would not help (token refused, wrong URL).
// Every batch ends as delivered (the server's verdict: accepted and rejected lines) or as
// undelivered with the reason, never silently.
import { setTimeout as sleepFor } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { batchBody, batchKey, splitBatch, splitToFit, type Batch } from "@/lib/shipper/batcher";
import { DEFAULT_RETRY_POLICY, classifyStatus, describeNetworkError, parseRetryAfter, retryDelay, type RetryPolicy } from "@/lib/shipper/retry";

/** The 202 answer of POST /api/v1/ingest (lib/ingest/intake.ts). */
export interface IngestAnswer {
  accepted: number;
  rejected: number;
  errors: { line: number; reason: string }[];
  duplicate?: boolean;
}

export type Outcome =
  | { kind: "delivered"; batch: Batch; answer: IngestAnswer; key: string }
  | { kind: "undelivered"; batch: Batch; reason: string };

/** Nothing more can be sent: the token is refused, or the server refuses every batch. */
export class FatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FatalError";
  }
}

export interface RetryEvent {
  batch: Batch;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  reason: string;
}

export interface ShrinkEvent {
  batch: Batch;
  /** The limit the server named in its 413, if it did. */
  limitBytes?: number;
}

export interface ClientOptions {
  /** The ingest endpoint, e.g. http://localhost:3000/api/v1/ingest. */
  endpoint: string;
  token: string;
  /** Keep retrying one batch this long before giving up on it; null: forever. */
  retryForMs: number | null;
  policy?: RetryPolicy;
  /** One request's time limit. */
  requestTimeoutMs?: number;
  userAgent?: string;
  onRetry?: (e: RetryEvent) => void;
  onShrink?: (e: ShrinkEvent) => void;
  // Injected for tests.
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
}

type Attempt = Outcome | { kind: "too_large"; limitBytes?: number };

const LIMIT_IN_MESSAGE = /limit of (\d+) bytes/;

/** The server's message from an error answer ({error: {message}}), else the start of the body. */
function answerMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") return parsed.error.message;
  } catch {
    // not JSON
  }
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

function readAnswer(text: string): IngestAnswer | null {
  try {
    const a = JSON.parse(text) as Partial<IngestAnswer>;
    if (typeof a.accepted !== "number" || typeof a.rejected !== "number") return null;
    return { accepted: a.accepted, rejected: a.rejected, errors: Array.isArray(a.errors) ? a.errors : [], duplicate: a.duplicate === true };
  } catch {
    return null;
  }
}

export class IngestClient {
  private readonly opts: ClientOptions;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly fetch: typeof fetch;
  /** The body limit a 413 named: larger batches are cut before they are sent. */
  private limitBytes: number | undefined;
  /** Set by stop(): no retry waits past this. */
  private stopDeadline: number | undefined;
  private wake = new AbortController();

  constructor(opts: ClientOptions) {
    this.opts = opts;
    this.policy = opts.policy ?? DEFAULT_RETRY_POLICY;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** Bounds the retrying from now on: a batch still failing `graceMs` from now is given up. */
  stop(graceMs: number): void {
    const deadline = this.now() + graceMs;
    this.stopDeadline = Math.min(this.stopDeadline ?? Infinity, deadline);
    this.wake.abort();
    this.wake = new AbortController();
  }

  /**
   * Sends one batch, in pieces when the server finds it too large: cut to the limit its 413
   * names (remembered for the batches after it), else in halves, down to a single line.
   * Throws FatalError.
   */
  async deliver(batch: Batch): Promise<Outcome[]> {
    const todo: Batch[] = this.limitBytes === undefined ? [batch] : splitToFit(batch, this.limitBytes);
    const outcomes: Outcome[] = [];
    while (todo.length) {
      const b = todo.shift()!;
      const result = this.limitBytes !== undefined && b.lines.length === 1 && b.bytes > this.limitBytes ? { kind: "too_large" as const } : await this.attempt(b);
      if (result.kind !== "too_large") {
        outcomes.push(result);
        continue;
      }
      if (result.limitBytes !== undefined && result.limitBytes < b.bytes) this.limitBytes = Math.min(this.limitBytes ?? Infinity, result.limitBytes);
      if (b.lines.length > 1) this.opts.onShrink?.({ batch: b, limitBytes: result.limitBytes });
      const pieces = b.lines.length < 2 ? null : this.limitBytes !== undefined && b.bytes > this.limitBytes ? splitToFit(b, this.limitBytes) : splitBatch(b);
      if (pieces) todo.unshift(...pieces);
      else {
        const where = `${b.stream.label}:${b.lineNos[0]}`;
        const limit = this.limitBytes !== undefined ? ` of ${this.limitBytes} bytes` : "";
        outcomes.push({ kind: "undelivered", batch: b, reason: `the line at ${where} (${b.bytes} bytes) alone is over the server's body limit${limit}` });
      }
    }
    return outcomes;
  }

  private async attempt(batch: Batch): Promise<Attempt> {
    const body = batchBody(batch);
    const key = batchKey(batch, body);
    const gzipped = new Uint8Array(gzipSync(body));
    const started = this.now();
    const timeoutMs = this.opts.requestTimeoutMs ?? 30_000;
    let retries = 0;
    for (;;) {
      const deadline = Math.min(this.opts.retryForMs === null ? Infinity : started + this.opts.retryForMs, this.stopDeadline ?? Infinity);
      const stopLeft = (this.stopDeadline ?? Infinity) - this.now();
      if (stopLeft <= 0) {
        return { kind: "undelivered", batch, reason: retries ? "stopping before it could be sent again" : "stopping before it could be sent" };
      }

      let reason: string;
      let retryAfterMs: number | undefined;
      try {
        const res = await this.fetch(this.opts.endpoint, {
          method: "POST",
          headers: {
            authorization: `Bearer ${this.opts.token}`,
            "content-type": "text/plain; charset=utf-8",
            "content-encoding": "gzip",
            "idempotency-key": key,
            "user-agent": this.opts.userAgent ?? "originwatch-ingest",
          },
          body: gzipped,
          signal: AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, stopLeft))),
        });
        const text = await res.text();
        const verdict = classifyStatus(res.status);
        const message = answerMessage(text);
        if (verdict === "delivered") {
          const answer = readAnswer(text);
          if (!answer) {
            throw new FatalError(`${this.opts.endpoint} answered HTTP ${res.status} without an ingest answer (${message || "empty body"}): is --url the Origin Watch server?`);
          }
          return { kind: "delivered", batch, answer, key };
        }
        if (verdict === "too_large") {
          const named = LIMIT_IN_MESSAGE.exec(message);
          return { kind: "too_large", limitBytes: named ? Number(named[1]) : undefined };
        }
        if (verdict === "unauthorized") {
          throw new FatalError(
            `token refused (HTTP ${res.status}: ${message}). Check --token: it must be the source's ingest token (ow_src_…), and a rotated token stops working at once.`,
          );
        }
        if (verdict === "refused") {
          const hint = res.status === 404 || res.status === 405 ? " Check --url: it should be the Origin Watch server's address." : "";
          throw new FatalError(`the server refused the batch (HTTP ${res.status}: ${message}).${hint}`);
        }
        reason = `HTTP ${res.status}${message ? `: ${message}` : ""}`;
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), this.now());
      } catch (e) {
        if (e instanceof FatalError) throw e;
        reason = describeNetworkError(e);
      }

      retries++;
      const delayMs = retryDelay(retries, retryAfterMs, this.policy, this.random);
      const wakeAt = this.now() + delayMs;
      if (wakeAt > deadline) {
        const waited = Math.round((this.now() - started) / 1000);
        const why = this.stopDeadline !== undefined && deadline === this.stopDeadline ? "stopping" : "giving up";
        return { kind: "undelivered", batch, reason: `${why} after ${retries} ${retries === 1 ? "try" : "tries"} in ${waited} s: ${reason}` };
      }
      this.opts.onRetry?.({ batch, retry: retries, delayMs, reason });
      if (!(await this.sleepUntil(wakeAt, () => Math.min(deadline, this.stopDeadline ?? Infinity)))) {
        return { kind: "undelivered", batch, reason: `stopping after ${retries} ${retries === 1 ? "try" : "tries"}: ${reason}` };
      }
    }
  }

  /** Sleeps until wakeAt; false when a stop() moved the deadline before it. */
  private async sleepUntil(wakeAt: number, deadline: () => number): Promise<boolean> {
    for (;;) {
      if (wakeAt > deadline()) return false;
      const ms = wakeAt - this.now();
      if (ms <= 0) return true;
      try {
        await sleepFor(ms, undefined, { signal: this.wake.signal });
        return true;
      } catch {
        // woken by stop(): check the new deadline
      }
    }
  }
}
