// Reading log files: once to the end, or followed like `tail -F`. A followed path is polled:
// - new bytes are read from where the last read stopped;
// - a file that does not exist yet is waited for, and read from its start when it appears;
// - rotation (the path now names another file: rename + recreate, or the file was removed) is
//   seen by comparing device and inode of the path with the open file. The old file stays open
//   and is read to its end until it has been quiet for a grace period (a proxy keeps writing to
//   it until it reopens its log), while the new file is read from its start;
// - truncation in place (copytruncate) is seen as the file becoming shorter than what was read;
//   reading starts again from its start.
// Each file, and each life of a truncated file, is its own stream for the batcher.
import { open, stat, type FileHandle } from "node:fs/promises";
import type { Stats } from "node:fs";
import type { StreamInfo } from "@/lib/shipper/batcher";

const CHUNK = 256 * 1024;
/** A poll reads at most this much from one file, so other files get their turn. */
const MAX_PER_POLL = 16 * 1024 * 1024;

export type StreamStart = "opened" | "appeared" | "rotated" | "truncated";
export type StreamEnd = "eof" | "rotated" | "truncated";

export interface FollowHandlers {
  /** A stream begins at `offset` (non-zero only when following from the end). */
  start(stream: StreamInfo, offset: number, why: StreamStart): void;
  /** Bytes of a stream, in order. Awaited: the caller applies backpressure here. */
  data(stream: StreamInfo, chunk: Buffer): Promise<void>;
  /** A stream is over: its last partial line is a line. */
  end(stream: StreamInfo, why: StreamEnd): Promise<void>;
  /** Something a person should know (waiting for a file, a rotation seen, a read error). */
  notice(message: string): void;
}

/** A file's stream: labelled by how the user named it, identified by device, inode and birth time. */
export function fileStream(label: string, st: Pick<Stats, "dev" | "ino" | "birthtimeMs">): StreamInfo {
  return { label, identity: `file:${st.dev}:${st.ino}:${Math.round(st.birthtimeMs)}` };
}

const isMissing = (e: unknown) => ["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code ?? "");
const errorText = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, "")}` : String(e);
};

interface OpenFile {
  fh: FileHandle;
  dev: number;
  ino: number;
  pos: number;
  /** False for a pipe (`<(zcat old.log.gz)`): read in sequence, not at a position. */
  seekable: boolean;
  stream: StreamInfo;
  /** Last time a drained (rotated-away) file grew. */
  lastGrowthAt: number;
}

async function readAvailable(f: OpenFile, handlers: FollowHandlers, max = MAX_PER_POLL): Promise<number> {
  let total = 0;
  while (total < max) {
    const buf = Buffer.allocUnsafe(CHUNK); // fresh each time: the batcher may hold on to it
    const { bytesRead } = await f.fh.read(buf, 0, CHUNK, f.seekable ? f.pos : null);
    if (bytesRead === 0) break;
    f.pos += bytesRead;
    total += bytesRead;
    await handlers.data(f.stream, buf.subarray(0, bytesRead));
  }
  return total;
}

/** Reads a file once, from its start to the end it has now; `stopped()` ends early. */
export async function readFileOnce(path: string, label: string, handlers: FollowHandlers, stopped: () => boolean): Promise<void> {
  const fh = await open(path, "r");
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: "EISDIR" });
    const f: OpenFile = { fh, dev: st.dev, ino: st.ino, pos: 0, seekable: st.isFile(), stream: fileStream(label, st), lastGrowthAt: 0 };
    handlers.start(f.stream, 0, "opened");
    while (!stopped() && (await readAvailable(f, handlers, CHUNK)) > 0) {
      // one chunk per turn, so a stop request is seen promptly
    }
    if (!stopped()) await handlers.end(f.stream, "eof");
  } finally {
    await fh.close().catch(() => undefined);
  }
}

export interface FollowerOptions {
  /** Start at the current end of a file that exists when following starts (files that appear later are read whole). */
  fromEnd: boolean;
  /** How long a rotated-away file must stay unchanged before it is closed. */
  drainGraceMs: number;
  now?: () => number;
}

/** One followed path. Call poll() periodically; close() when done. */
export class FileFollower {
  private current: OpenFile | undefined;
  private draining: OpenFile[] = [];
  private polls = 0;
  private problem: string | undefined;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    readonly label: string,
    private readonly handlers: FollowHandlers,
    private readonly opts: FollowerOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Reads what is new; notices rotation, truncation and a file appearing. */
  async poll(): Promise<void> {
    const first = this.polls++ === 0;
    const st = await this.statPath();

    // Old files first: their lines are older than the new file's.
    for (const d of [...this.draining]) {
      if ((await readAvailable(d, this.handlers)) > 0) d.lastGrowthAt = this.now();
      else if (this.now() - d.lastGrowthAt >= this.opts.drainGraceMs) {
        this.draining = this.draining.filter((x) => x !== d);
        await d.fh.close().catch(() => undefined);
        await this.handlers.end(d.stream, "rotated");
      }
    }

    const c = this.current;
    if (c) {
      const size = (await c.fh.stat()).size;
      if (size < c.pos) {
        this.handlers.notice(`${this.label} was truncated (${size} bytes, ${c.pos} read): reading it again from its start`);
        await this.handlers.end(c.stream, "truncated");
        c.stream = { ...c.stream };
        c.pos = 0;
        this.handlers.start(c.stream, 0, "truncated");
      }
      await readAvailable(c, this.handlers);
      if (!st || st.dev !== c.dev || st.ino !== c.ino) {
        this.handlers.notice(
          st ? `${this.label} was rotated: finishing the old file, reading the new one from its start` : `${this.label} was moved or removed: finishing it, waiting for a new one`,
        );
        c.lastGrowthAt = this.now();
        this.draining.push(c);
        this.current = undefined;
      }
    }

    if (!this.current && st) {
      const reopened = !first;
      let fh: FileHandle;
      try {
        fh = await open(this.path, "r");
      } catch (e) {
        if (!isMissing(e)) this.report(`cannot open ${this.path} (${errorText(e)}); trying again`);
        return;
      }
      const fst = await fh.stat();
      const pos = first && this.opts.fromEnd ? fst.size : 0;
      const f: OpenFile = { fh, dev: fst.dev, ino: fst.ino, pos, seekable: true, stream: fileStream(this.label, fst), lastGrowthAt: this.now() };
      this.current = f;
      this.problem = undefined;
      this.handlers.start(f.stream, pos, reopened ? (this.draining.length ? "rotated" : "appeared") : "opened");
      if (reopened && !this.draining.length) this.handlers.notice(`${this.label} appeared: reading it`);
      await readAvailable(f, this.handlers);
    } else if (!this.current && !st && first) {
      this.handlers.notice(`${this.label} does not exist yet: waiting for it`);
    }
  }

  /** Whether some file is open (or being finished). */
  get active(): boolean {
    return Boolean(this.current) || this.draining.length > 0;
  }

  /** Closes the files without ending their streams (a held partial line stays unsent). */
  async close(): Promise<void> {
    for (const f of [...this.draining, ...(this.current ? [this.current] : [])]) await f.fh.close().catch(() => undefined);
    this.draining = [];
    this.current = undefined;
  }

  private async statPath(): Promise<Stats | null> {
    try {
      const st = await stat(this.path);
      if (!st.isFile()) {
        this.report(`${this.path} is not a regular file; waiting for one`);
        return null;
      }
      return st;
    } catch (e) {
      if (!isMissing(e)) this.report(`cannot read ${this.path} (${errorText(e)}); trying again`);
      return null;
    }
  }

  /** A problem once, not on every poll. */
  private report(message: string): void {
    if (this.problem === message) return;
    this.problem = message;
    this.handlers.notice(message);
  }
}
