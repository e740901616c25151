// The log shipper: files (or stdin) → batches → one sender, in order, with backpressure.
// - Without follow, each input is read to its end, one after the other; a last line without a
//   newline counts as a line. Batches are cut by size alone, so a rerun over an unchanged file
//   makes the same batches (and the same Idempotency-Keys).
// - With follow, every file is polled (lib/shipper/follower.ts) until stop(); a partial batch is
//   sent after quietMs without new lines (or when its first line is maxLingerMs old); stdin,
//   which may also trickle, gets the same timed flushes in both modes.
// - stop() (Ctrl-C, SIGTERM) reads what the files hold now, sends every complete line, and bounds
//   the retries that are left to stopGraceMs. A line still missing its newline is not sent; its
//   size is reported.
// Every line read ends up delivered (accepted or rejected: the server's verdict) or counted as
// undelivered with a reason.
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { setTimeout as sleepFor } from "node:timers/promises";
import { LineBatcher, type Batch, type BatchLimits, type StreamInfo } from "@/lib/shipper/batcher";
import { FatalError, type Outcome, type RetryEvent, type ShrinkEvent } from "@/lib/shipper/client";
import { FileFollower, readFileOnce, type FollowHandlers } from "@/lib/shipper/follower";

/** The smallest batch size the shipper shrinks to after 413s; a single larger line is still sent alone. */
export const MIN_BATCH_BYTES = 1024;
/** Rejected lines shown to the user, so a wrong format is noticed; the rest are only counted. */
export const REJECTED_SHOWN = 5;

export interface ShipStats {
  /** Lines put into batches (blank lines are skipped, not counted). */
  linesRead: number;
  /** Lines in batches the server answered. */
  linesSent: number;
  accepted: number;
  rejected: number;
  retries: number;
  /** Requests the server answered. */
  batches: number;
  /** Batches the server had counted before (a retry after a lost answer, or a rerun). */
  duplicates: number;
  undeliveredLines: number;
  undeliveredBatches: number;
  blankLines: number;
  /** Lines longer than a whole batch, sent in pieces. */
  cutLines: number;
  /** Bytes of last lines still without their newline when the shipper stopped (not sent). */
  heldBytes: number;
  /** Inputs that could not be read at all. */
  unreadable: number;
}

export interface RejectedLine {
  /** `access.log:123`. */
  where: string;
  reason: string;
  /** The line, shortened. */
  text: string;
}

export interface ShipperEvents {
  notice?(message: string): void;
  /** The first REJECTED_SHOWN rejected lines, as their answers come. */
  rejected?(line: RejectedLine): void;
  undelivered?(batch: Batch, reason: string): void;
}

/** What sends a batch: lib/shipper/client.ts's IngestClient, or a fake. */
export interface Sender {
  deliver(batch: Batch): Promise<Outcome[]>;
  stop(graceMs: number): void;
}

export interface ShipperOptions {
  /** File paths; "-" is stdin. */
  inputs: string[];
  follow: boolean;
  /** With follow: start at the end of files that exist already. */
  fromEnd?: boolean;
  limits: BatchLimits;
  sender: Sender;
  stdin?: Readable;
  events?: ShipperEvents;
  pollMs?: number;
  quietMs?: number;
  maxLingerMs?: number;
  drainGraceMs?: number;
  stopGraceMs?: number;
  /** Batches waiting to be sent before reading pauses. */
  queueBatches?: number;
  now?: () => number;
}

export interface ShipResult {
  stats: ShipStats;
  /** Why sending stopped early (token refused…); undefined when it did not. */
  fatal?: string;
  /** stop() was called (a signal), as opposed to reaching the end of the inputs. */
  interrupted: boolean;
}

interface StreamState {
  batcher: LineBatcher;
  lastDataAt: number;
  /** When the open batch got its first line; null while it is empty. */
  pendingSince: number | null;
  /** Sent after a quiet spell rather than only when full. */
  timed: boolean;
}

const shorten = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);
const describeError = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  return err?.code && err.message ? err.message : String(e);
};

export class Shipper {
  readonly stats: ShipStats = {
    linesRead: 0,
    linesSent: 0,
    accepted: 0,
    rejected: 0,
    retries: 0,
    batches: 0,
    duplicates: 0,
    undeliveredLines: 0,
    undeliveredBatches: 0,
    blankLines: 0,
    cutLines: 0,
    heldBytes: 0,
    unreadable: 0,
  };
  private readonly opts: Required<Omit<ShipperOptions, "stdin" | "events" | "fromEnd">> & Pick<ShipperOptions, "stdin" | "fromEnd">;
  private readonly events: ShipperEvents;
  private limits: BatchLimits;
  private readonly states = new Map<StreamInfo, StreamState>();
  private readonly queue: Batch[] = [];
  private queueClosed = false;
  private takeWaiter: (() => void) | undefined;
  private spaceWaiters: (() => void)[] = [];
  private stopping = false;
  private interrupted = false;
  private fatal: string | undefined;
  private rejectedShown = 0;
  private readonly wake = new AbortController();
  private readonly stopListeners = new Set<() => void>();

  constructor(options: ShipperOptions) {
    this.opts = {
      pollMs: 250,
      quietMs: 1000,
      maxLingerMs: 5000,
      drainGraceMs: 2000,
      stopGraceMs: 30_000,
      queueBatches: 4,
      now: Date.now,
      ...options,
    };
    this.events = options.events ?? {};
    this.limits = { ...options.limits };
  }

  /** Stop reading, send what was read, and return (the first Ctrl-C or SIGTERM). */
  stop(): void {
    this.interrupted = true;
    this.halt();
  }

  /** The client retries a batch: counted, and said. */
  onRetry(e: RetryEvent): void {
    this.stats.retries++;
    this.notice(`retrying ${e.batch.stream.label} in ${(e.delayMs / 1000).toFixed(1)} s (retry ${e.retry}): ${e.reason}`);
  }

  /** The server refused a batch as too large: later batches are cut smaller. */
  onShrink(e: ShrinkEvent): void {
    const target = Math.max(MIN_BATCH_BYTES, e.limitBytes ?? Math.floor(e.batch.bytes / 2));
    if (target >= this.limits.maxBytes) {
      this.notice(`the server refused a batch of ${e.batch.bytes} bytes as too large: sending it in halves`);
      return;
    }
    this.limits = { ...this.limits, maxBytes: target };
    for (const s of this.states.values()) s.batcher.setLimits(this.limits);
    const named = e.limitBytes ? ` (its limit: ${e.limitBytes} bytes)` : "";
    this.notice(`the server refused a batch of ${e.batch.bytes} bytes as too large${named}: sending it in halves, and batches of at most ${target} bytes from now on`);
  }

  async run(): Promise<ShipResult> {
    const sending = this.sendLoop();
    // Timed flushes (follow, stdin) also while reading blocks on a full queue.
    const ticker = setInterval(() => this.flushQuiet(), this.opts.pollMs);
    let failure: unknown;
    try {
      if (this.opts.follow) await this.followAll();
      else await this.readAll();
    } catch (e) {
      failure = e;
    }
    clearInterval(ticker);
    // What is left: every complete line is sent; a line without its newline is held, and said.
    for (const state of this.states.values()) this.finishState(state, false);
    this.states.clear();
    this.queueClosed = true;
    this.takeWaiter?.();
    await sending;
    if (failure) throw failure;
    return { stats: { ...this.stats }, fatal: this.fatal, interrupted: this.interrupted };
  }

  // ---- reading

  private readonly handlers: FollowHandlers = {
    start: (stream, offset) => {
      this.states.set(stream, {
        batcher: new LineBatcher(stream, this.limits, offset),
        lastDataAt: this.opts.now(),
        pendingSince: null,
        timed: this.opts.follow || stream.label === "stdin",
      });
    },
    data: async (stream, chunk) => {
      const state = this.states.get(stream);
      if (!state) return;
      const now = this.opts.now();
      const full = state.batcher.push(chunk);
      state.lastDataAt = now;
      if (full.length) {
        this.submit(full);
        state.pendingSince = state.batcher.pendingLines ? now : null;
      } else if (state.batcher.pendingLines && state.pendingSince === null) {
        state.pendingSince = now;
      }
      await this.space();
    },
    end: async (stream) => {
      const state = this.states.get(stream);
      if (!state) return;
      this.states.delete(stream);
      this.finishState(state, true);
      await this.space();
    },
    notice: (message) => this.notice(message),
  };

  private finishState(state: StreamState, atEnd: boolean): void {
    const { batcher } = state;
    this.submit(atEnd ? batcher.end() : [batcher.flush()].filter((b): b is Batch => b !== null));
    if (!atEnd && batcher.partialLength > 0) {
      this.stats.heldBytes += batcher.partialLength;
      this.notice(`${batcher.stream.label}: the last ${batcher.partialLength} bytes have no newline yet; not sent`);
    }
    this.stats.blankLines += batcher.blankLines;
    this.stats.cutLines += batcher.cutLines;
  }

  private async readAll(): Promise<void> {
    for (const input of this.opts.inputs) {
      if (this.stopping) break;
      if (input === "-") {
        await this.readStdin();
        continue;
      }
      try {
        await readFileOnce(input, input, this.handlers, () => this.stopping);
      } catch (e) {
        this.stats.unreadable++;
        this.notice(`cannot read ${input}: ${describeError(e)}`);
      }
    }
  }

  private async followAll(): Promise<void> {
    const followers = this.opts.inputs
      .filter((i) => i !== "-")
      .map((path) => new FileFollower(path, path, this.handlers, { fromEnd: Boolean(this.opts.fromEnd), drainGraceMs: this.opts.drainGraceMs, now: this.opts.now }));
    let stdinDone = !this.opts.inputs.includes("-");
    const stdin = stdinDone ? Promise.resolve() : this.readStdin().finally(() => (stdinDone = true));
    const pollAll = async () => {
      for (const f of followers) {
        try {
          await f.poll();
        } catch (e) {
          this.notice(`${f.label}: ${describeError(e)}; trying again`);
        }
      }
    };
    while (!this.stopping) {
      await pollAll();
      this.flushQuiet();
      if (followers.length === 0 && stdinDone) break;
      await this.pause(this.opts.pollMs);
    }
    if (!this.fatal) await pollAll(); // what the files hold at the stop is sent too
    for (const f of followers) await f.close();
    await stdin;
  }

  private async readStdin(): Promise<void> {
    const input = this.opts.stdin;
    if (!input) return;
    const stream: StreamInfo = { label: "stdin", identity: `stdin:${randomUUID()}` };
    this.handlers.start(stream, 0, "opened");
    const ended = await new Promise<boolean>((resolve) => {
      const finish = (atEnd: boolean) => {
        input.off("data", onData);
        input.off("end", onEnd);
        input.off("error", onError);
        this.stopListeners.delete(onStop);
        input.pause();
        resolve(atEnd);
      };
      const onData = (chunk: Buffer | string) => {
        input.pause();
        void this.handlers.data(stream, typeof chunk === "string" ? Buffer.from(chunk) : chunk).then(() => {
          if (!this.stopping) input.resume();
        });
      };
      const onEnd = () => finish(true);
      const onError = (e: unknown) => {
        this.notice(`cannot read stdin: ${describeError(e)}`);
        this.stats.unreadable++;
        finish(false);
      };
      const onStop = () => finish(false);
      input.on("data", onData);
      input.once("end", onEnd);
      input.once("error", onError);
      this.stopListeners.add(onStop);
      if (this.stopping) finish(false);
      else input.resume();
    });
    if (ended) await this.handlers.end(stream, "eof");
  }

  /** Sends the open batch of streams that have been quiet (or waiting) long enough. */
  private flushQuiet(): void {
    const now = this.opts.now();
    for (const state of this.states.values()) {
      if (!state.timed || state.pendingSince === null) continue;
      if (now - state.lastDataAt >= this.opts.quietMs || now - state.pendingSince >= this.opts.maxLingerMs) {
        const batch = state.batcher.flush();
        if (batch) this.submit([batch]);
        state.pendingSince = null;
      }
    }
  }

  // ---- the queue and the sender

  private submit(batches: Batch[]): void {
    for (const b of batches) {
      this.stats.linesRead += b.lines.length;
      this.queue.push(b);
    }
    if (batches.length) this.takeWaiter?.();
  }

  /** Waits while the queue is full (the sender is behind or retrying). */
  private async space(): Promise<void> {
    while (this.queue.length >= this.opts.queueBatches && !this.queueClosed) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
  }

  private async take(): Promise<Batch | undefined> {
    while (this.queue.length === 0 && !this.queueClosed) {
      await new Promise<void>((resolve) => (this.takeWaiter = resolve));
      this.takeWaiter = undefined;
    }
    const batch = this.queue.shift();
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const w of waiters) w();
    return batch;
  }

  private async sendLoop(): Promise<void> {
    for (;;) {
      const batch = await this.take();
      if (!batch) return;
      if (this.fatal) {
        this.countUndelivered(batch);
        continue;
      }
      try {
        for (const outcome of await this.opts.sender.deliver(batch)) this.record(outcome);
      } catch (e) {
        this.fatal = e instanceof FatalError ? e.message : `sending failed: ${describeError(e)}`;
        this.countUndelivered(batch);
        this.halt();
      }
    }
  }

  private record(o: Outcome): void {
    if (o.kind === "undelivered") {
      this.countUndelivered(o.batch);
      this.events.undelivered?.(o.batch, o.reason);
      return;
    }
    const { batch, answer } = o;
    this.stats.batches++;
    this.stats.linesSent += batch.lines.length;
    this.stats.accepted += answer.accepted;
    this.stats.rejected += answer.rejected;
    if (answer.duplicate) this.stats.duplicates++;
    for (const err of answer.errors) {
      if (this.rejectedShown >= REJECTED_SHOWN) break;
      const i = err.line - 1;
      const lineNo = batch.lineNos[i];
      this.rejectedShown++;
      this.events.rejected?.({
        where: lineNo === undefined ? `${batch.stream.label} (line ${err.line} of a batch)` : `${batch.stream.label}:${lineNo}`,
        reason: err.reason,
        text: shorten(batch.lines[i]?.toString("utf8") ?? ""),
      });
    }
  }

  private countUndelivered(batch: Batch): void {
    this.stats.undeliveredBatches++;
    this.stats.undeliveredLines += batch.lines.length;
  }

  // ---- stopping

  private halt(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.opts.sender.stop(this.opts.stopGraceMs);
    this.wake.abort();
    for (const listener of [...this.stopListeners]) listener();
  }

  private async pause(ms: number): Promise<void> {
    await sleepFor(ms, undefined, { signal: this.wake.signal }).catch(() => undefined);
  }

  private notice(message: string): void {
    this.events.notice?.(message);
  }
}
