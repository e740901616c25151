// Cuts a byte stream (a file, stdin) into batches of whole lines for POST /api/v1/ingest.
// Pure: no I/O and no clock. A line without its newline yet is held back until it is complete
// (or until `end()`, at the end of a file that is not followed). Every line keeps its byte
// offset and line number in its stream, so a batch has a deterministic Idempotency-Key and a
// rejected line can be pointed at as `access.log:123`.
import { createHash } from "node:crypto";

export interface BatchLimits {
  /** At most this many lines per batch. */
  maxLines: number;
  /** At most this many body bytes per batch (the lines plus one newline each), before gzip. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: BatchLimits = { maxLines: 5000, maxBytes: 4 * 1024 * 1024 };

/** Where lines come from: what people read, and what identifies the bytes for idempotency. */
export interface StreamInfo {
  /** `access.log`, `stdin`. */
  label: string;
  /**
   * Stable for the same bytes: for a file, its device, inode and birth time (not its path, so a
   * rotated file keeps its identity under its new name); for stdin, unique per run.
   */
  identity: string;
}

export interface Batch {
  stream: StreamInfo;
  /** The lines, without their line breaks (a CR before the LF is dropped too). */
  lines: Buffer[];
  /** Byte offset of each line in its stream. */
  offsets: number[];
  /** 1-based line number of each line in its stream (blank lines are counted, not sent). */
  lineNos: number[];
  /** Body size: every line plus its newline. */
  bytes: number;
}

const NL = 0x0a;
const CR = 0x0d;

export class LineBatcher {
  private limits: BatchLimits;
  /** Bytes of the line not yet ended by a newline. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Stream offset of the first byte of the held (partial) line. */
  private lineStart = 0;
  /** Line number the held line will get. */
  private nextLineNo = 1;
  private open: Batch;
  /** Blank lines seen (counted in line numbers, never sent: the server would reject them). */
  blankLines = 0;
  /** Lines cut because they grew longer than a whole batch (binary data, a runaway writer). */
  cutLines = 0;

  constructor(
    readonly stream: StreamInfo,
    limits: BatchLimits = DEFAULT_LIMITS,
    /** Where the stream starts (a follower that starts at the end of a file). */
    startOffset = 0,
  ) {
    this.limits = { ...limits };
    this.lineStart = startOffset;
    this.open = this.emptyBatch();
  }

  /** New limits for the batches to come (after the server refused a batch as too large). */
  setLimits(limits: BatchLimits): void {
    this.limits = { ...limits };
  }

  /** Complete lines waiting in the open batch. */
  get pendingLines(): number {
    return this.open.lines.length;
  }

  /** Bytes of a line whose newline has not come yet. */
  get partialLength(): number {
    return this.partialBytes;
  }

  /** Takes the next bytes of the stream; returns the batches that filled up. */
  push(chunk: Buffer): Batch[] {
    const done: Batch[] = [];
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(NL, from);
      const end = nl < 0 ? chunk.length : nl;
      if (end > from) {
        // A piece held past this call is copied: the caller may reuse its read buffer.
        this.partial.push(nl < 0 ? Buffer.from(chunk.subarray(from, end)) : chunk.subarray(from, end));
        this.partialBytes += end - from;
      }
      if (nl < 0) {
        // A line longer than a whole batch is cut into batch-sized pieces: holding it forever
        // would hold everything after it.
        const piece = Math.max(1, this.limits.maxBytes - 1);
        if (this.partialBytes > piece) {
          let held = Buffer.concat(this.partial, this.partialBytes);
          while (held.length > piece) {
            this.partial = [held.subarray(0, piece)];
            this.partialBytes = piece;
            this.cutLines++;
            this.endLine(0, done);
            held = held.subarray(piece);
          }
          this.partial = [held];
          this.partialBytes = held.length;
        }
        break;
      }
      this.endLine(1, done);
      from = nl + 1;
    }
    return done;
  }

  /** The open batch of complete lines, if any (a held partial line stays held). */
  flush(): Batch | null {
    if (this.open.lines.length === 0) return null;
    const batch = this.open;
    this.open = this.emptyBatch();
    return batch;
  }

  /** End of the stream: a held partial line counts as a line; returns the batches left. */
  end(): Batch[] {
    const done: Batch[] = [];
    if (this.partialBytes > 0) this.endLine(0, done);
    const rest = this.flush();
    if (rest) done.push(rest);
    return done;
  }

  private emptyBatch(): Batch {
    return { stream: this.stream, lines: [], offsets: [], lineNos: [], bytes: 0 };
  }

  /** Ends the held line (`newline`: bytes of line break consumed after it) and files it. */
  private endLine(newline: 0 | 1, done: Batch[]): void {
    let line = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial, this.partialBytes);
    const offset = this.lineStart;
    const lineNo = this.nextLineNo;
    this.lineStart += this.partialBytes + newline;
    this.partial = [];
    this.partialBytes = 0;
    if (newline) this.nextLineNo++;
    if (newline && line.length && line[line.length - 1] === CR) line = line.subarray(0, -1);
    if (line.length === 0) {
      if (newline) this.blankLines++;
      return;
    }
    // Copy: the chunk the line came from may be a reused read buffer.
    this.add(Buffer.from(line), offset, lineNo, done);
  }

  private add(line: Buffer, offset: number, lineNo: number, done: Batch[]): void {
    const size = line.length + 1;
    const b = this.open;
    if (b.lines.length > 0 && (b.lines.length + 1 > this.limits.maxLines || b.bytes + size > this.limits.maxBytes)) {
      done.push(b);
      this.open = this.emptyBatch();
    }
    const o = this.open;
    o.lines.push(line);
    o.offsets.push(offset);
    o.lineNos.push(lineNo);
    o.bytes += size;
    if (o.lines.length >= this.limits.maxLines || o.bytes >= this.limits.maxBytes) {
      done.push(o);
      this.open = this.emptyBatch();
    }
  }
}

/** The request body: each line and a newline. */
export function batchBody(batch: Batch): Buffer {
  const parts: Buffer[] = [];
  const nl = Buffer.from("\n");
  for (const line of batch.lines) parts.push(line, nl);
  return Buffer.concat(parts, batch.bytes);
}

/**
 * The batch's Idempotency-Key: SHA-256 of the stream's identity, the byte offset of its first
 * line and a SHA-256 of its body. The same bytes from the same place get the same key (a retry
 * after a lost answer is counted once, even by a new run over an unchanged file); different
 * bytes, or the same bytes elsewhere, get another.
 */
export function batchKey(batch: Batch, body: Buffer = batchBody(batch)): string {
  const content = createHash("sha256").update(body).digest("hex");
  const key = createHash("sha256")
    .update(`originwatch-ingest-v1\n${batch.stream.identity}\n${batch.offsets[0] ?? 0}\n${content}`)
    .digest("hex");
  return `ow1-${key}`;
}

function slice(batch: Batch, from: number, to: number): Batch {
  const lines = batch.lines.slice(from, to);
  return {
    stream: batch.stream,
    lines,
    offsets: batch.offsets.slice(from, to),
    lineNos: batch.lineNos.slice(from, to),
    bytes: lines.reduce((n, l) => n + l.length + 1, 0),
  };
}

/** Two halves of a batch (for a server that refused it as too large); null for a single line. */
export function splitBatch(batch: Batch): [Batch, Batch] | null {
  if (batch.lines.length < 2) return null;
  const mid = Math.ceil(batch.lines.length / 2);
  return [slice(batch, 0, mid), slice(batch, mid, batch.lines.length)];
}

/** Consecutive pieces of at most maxBytes each (a single longer line is a piece of its own). */
export function splitToFit(batch: Batch, maxBytes: number): Batch[] {
  if (batch.bytes <= maxBytes) return [batch];
  const pieces: Batch[] = [];
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < batch.lines.length; i++) {
    const size = batch.lines[i]!.length + 1;
    if (i > from && bytes + size > maxBytes) {
      pieces.push(slice(batch, from, i));
      from = i;
      bytes = 0;
    }
    bytes += size;
  }
  pieces.push(slice(batch, from, batch.lines.length));
  return pieces;
}
