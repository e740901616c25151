// A per-process cache of the chart queries' grouped rows for sealed time buckets: buckets that
// ended far enough in the past that live ingest no longer writes them. Anything that changes one
// later (a backfill, a late error-log line, retention, demo removal, TRUNCATE) bumps the revision
// of the days it touched in rollup_revisions (triggers: migration 20261122000000); every read
// first reads those revisions (a few rows) and recomputes the buckets whose days moved on.
// Answers are the same as without the cache: the rows of a bucket are the rows the query would
// group for it; only the open end of a range (and its ragged start) is read live every time.
import type { SqlQueryable } from "@/lib/db/sql";
import { DAY_MS, SEAL_MS, type Table } from "@/lib/rollups/levels";

/** One grouped row: bucket start (epoch ms), group, key, value. */
export type Row = { t: number; g: string; k: string; v: number };
export type RowSink = (t: number, g: string, k: string, v: number) => void;

/** Rows kept per database handle (~24 B each) before the least recently read buckets are dropped. */
const MAX_ROWS = 2_000_000;
/**
 * What a bucket costs besides its rows (its object, arrays and signature), in rows: an empty
 * bucket (a quiet backend, a filter that matches nothing) must count too, or a stream of reads
 * for names that do not exist would fill the cache without ever evicting.
 */
const BUCKET_OVERHEAD_ROWS = 12;
const weight = (b: { v: Float64Array }) => b.v.length + BUCKET_OVERHEAD_ROWS;

interface Bucket {
  signature: string;
  /** When it was last read (a counter): eviction drops the oldest first. */
  used: number;
  g: string[];
  k: string[];
  v: Float64Array;
}
/** The sealed part of a `merged` read, added up, as it was the last time. */
interface MergedSpan {
  /** The revisions of every day of the span, as a bucket's signature holds its own. */
  signature: string;
  g: string[];
  k: string[];
  v: Float64Array;
}
interface Store {
  series: Map<string, Map<number, Bucket>>;
  rows: number;
  clock: number;
  /** Per read key, its last merged span; in order of use (oldest first). */
  merged: Map<string, MergedSpan>;
  mergedRows: number;
}
/** Rows kept in merged spans per database handle, on top of MAX_ROWS' buckets. */
const MAX_MERGED_ROWS = MAX_ROWS / 8;
// Keyed by the database handle: a process (tests, the CLI) may hold several databases.
const stores = new WeakMap<object, Store>();

/** Strings repeat across buckets (backend names, histogram indexes): keep one copy. */
const interned = new Map<string, string>();
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size < 100_000) interned.set(s, s);
  return s;
}

/** The revision reads of one turn of the event loop, answered together (see readRevisions). */
interface RevisionBatch {
  firstDay: number;
  lastDay: number;
  answer: Promise<Map<number, string>>;
}
const revisionBatches = new WeakMap<object, RevisionBatch>();

/**
 * The revisions of the days [fromMs, toMs) touches (and the global one, day -1). A page starts all
 * its chart reads at once and each needs its revisions first: the reads that ask in the same turn
 * of the event loop share one query over the union of their days (a superset is harmless: a
 * signature only looks up its own days), so a page pays one round trip for them, not sixteen.
 */
function readRevisions(q: SqlQueryable, fromMs: number, toMs: number): Promise<Map<number, string>> {
  const firstDay = Math.floor(fromMs / DAY_MS);
  const lastDay = Math.floor(toMs / DAY_MS);
  const pending = revisionBatches.get(q);
  if (pending) {
    pending.firstDay = Math.min(pending.firstDay, firstDay);
    pending.lastDay = Math.max(pending.lastDay, lastDay);
    return pending.answer;
  }
  const batch: RevisionBatch = { firstDay, lastDay, answer: Promise.resolve(new Map()) };
  revisionBatches.set(q, batch);
  batch.answer = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    revisionBatches.delete(q);
    const rows = await q.query<{ day: number; revision: string }>(
      `SELECT day, revision::text AS revision FROM rollup_revisions WHERE day = -1 OR (day >= $1 AND day <= $2)`,
      [batch.firstDay, batch.lastDay],
    );
    return new Map(rows.map((r) => [Number(r.day), r.revision]));
  });
  return batch.answer;
}

function signature(revisions: Map<number, string>, t: number, stepMs: number): string {
  let s = revisions.get(-1) ?? "0";
  for (let day = Math.floor(t / DAY_MS); day <= Math.floor((t + stepMs - 1) / DAY_MS); day++) {
    const r = revisions.get(day);
    if (r !== undefined) s += ` ${day}:${r}`;
  }
  return s;
}

/** Over the limit: drops the least recently read buckets, down to three quarters of it. */
function evict(store: Store): void {
  if (store.rows <= MAX_ROWS) return;
  const all: Array<{ used: number; key: string; t: number; rows: number }> = [];
  for (const [key, buckets] of store.series) for (const [t, b] of buckets) all.push({ used: b.used, key, t, rows: weight(b) });
  all.sort((a, b) => a.used - b.used);
  for (const b of all) {
    if (store.rows <= MAX_ROWS * 0.75) break;
    const buckets = store.series.get(b.key)!;
    buckets.delete(b.t);
    if (buckets.size === 0) store.series.delete(b.key);
    store.rows -= b.rows;
  }
}

export interface SealedRead {
  /** Identifies the query and its filters; the bucket start completes the identity. */
  key: string;
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** Buckets ending at or before this are sealed. */
  sealedBeforeMs: number;
  /** Rows of [fromMs, toMs) grouped by buckets of stepMs (both aligned to it). */
  readBuckets(fromMs: number, toMs: number): Promise<Row[]>;
  /** The parts of the range that are not whole sealed buckets: read live (or from a finer cache). */
  readRest(fromMs: number, toMs: number, sink: RowSink): Promise<void>;
  /**
   * The reader adds rows up whatever bucket they came from (a summary): the sealed part may then
   * come as one set, its rows added up per (group, key), at the first bucket's time. A summary read
   * again over the same sealed span (every refresh within the same minute or hour) replays that set
   * instead of every bucket: tens of thousands of rows fewer for a day of 50 backends.
   */
  merged?: boolean;
}

/** A merged span is kept per read key and span: a summary reads minutes at both ends of its range. */
const spanKey = (key: string, first: number, end: number) => `${key}\n${first} ${end}`;

function mergedSpan(store: Store, key: string, signature: string): MergedSpan | undefined {
  const span = store.merged.get(key);
  if (!span || span.signature !== signature) return undefined;
  store.merged.delete(key);
  store.merged.set(key, span); // now the most recently used
  return span;
}

/** Adds rows up per (group, key) while they pass on to `sink`; `keep` stores the sums. */
function merging(sink: RowSink): { sink: RowSink; keep(store: Store, key: string, signature: string): void } {
  const sums = new Map<string, Map<string, number>>();
  return {
    sink(t, g, k, v) {
      let byKey = sums.get(g);
      if (!byKey) sums.set(g, (byKey = new Map()));
      byKey.set(k, (byKey.get(k) ?? 0) + v);
      sink(t, g, k, v);
    },
    keep(store, key, signature) {
      const g: string[] = [];
      const k: string[] = [];
      const v: number[] = [];
      for (const [group, byKey] of sums)
        for (const [name, value] of byKey) {
          g.push(group);
          k.push(name);
          v.push(value);
        }
      const old = store.merged.get(key);
      if (old) store.mergedRows -= old.v.length;
      store.merged.delete(key);
      if (v.length > MAX_MERGED_ROWS / 4) return; // a span this wide is not worth holding twice
      store.merged.set(key, { signature, g, k, v: Float64Array.from(v) });
      store.mergedRows += v.length;
      for (const [oldest, entry] of store.merged) {
        if (store.mergedRows <= MAX_MERGED_ROWS) break;
        store.merged.delete(oldest);
        store.mergedRows -= entry.v.length;
      }
    },
  };
}

/** Feeds `sink` every row of [fromMs, toMs): sealed buckets from the cache, the rest read. */
export async function readThroughCache(q: SqlQueryable, read: SealedRead, sink: RowSink): Promise<void> {
  const { fromMs, toMs, stepMs } = read;
  const first = Math.ceil(fromMs / stepMs) * stepMs;
  const end = Math.min(Math.floor(toMs / stepMs) * stepMs, Math.floor(read.sealedBeforeMs / stepMs) * stepMs);
  if (end <= first) return read.readRest(fromMs, toMs, sink);

  let store = stores.get(q);
  if (!store) stores.set(q, (store = { series: new Map(), rows: 0, clock: 0, merged: new Map(), mergedRows: 0 }));
  const revisions = await readRevisions(q, first, end);
  if (read.merged) {
    const key = spanKey(read.key, first, end);
    const spanSignature = signature(revisions, first, end - first);
    const span = mergedSpan(store, key, spanSignature);
    if (span) for (let i = 0; i < span.v.length; i++) sink(first, span.g[i]!, span.k[i]!, span.v[i]!);
    else {
      const sums = merging(sink);
      await sealedRows(store, q, read, first, end, revisions, sums.sink);
      sums.keep(store, key, spanSignature);
    }
  } else await sealedRows(store, q, read, first, end, revisions, sink);
  if (first > fromMs) await read.readRest(fromMs, first, sink);
  if (toMs > end) await read.readRest(end, toMs, sink);
}

/** The sealed buckets [first, end) from the cache, the missing ones read and kept. */
async function sealedRows(store: Store, q: SqlQueryable, read: SealedRead, first: number, end: number, revisions: Map<number, string>, sink: RowSink): Promise<void> {
  const { stepMs } = read;
  let buckets: Map<number, Bucket> | undefined = store.series.get(read.key);
  if (!buckets) store.series.set(read.key, (buckets = new Map()));
  const now = ++store.clock;
  const missing = new Map<number, string>();
  for (let t = first; t < end; t += stepMs) {
    const sig = signature(revisions, t, stepMs);
    const b = buckets.get(t);
    if (b && b.signature === sig) {
      b.used = now;
      for (let i = 0; i < b.v.length; i++) sink(t, b.g[i]!, b.k[i]!, b.v[i]!);
    } else missing.set(t, sig);
  }
  if (missing.size > 0) {
    const starts = [...missing.keys()];
    const lo = starts[0]!;
    const hi = starts[starts.length - 1]! + stepMs;
    const byBucket = new Map<number, Row[]>();
    for (const r of await read.readBuckets(lo, hi)) {
      const t = Number(r.t);
      let list = byBucket.get(t);
      if (!list) byBucket.set(t, (list = []));
      list.push(r);
    }
    // Another read may have evicted this series meanwhile: put it back before filling it.
    if (store.series.get(read.key) !== buckets) store.series.set(read.key, (buckets = store.series.get(read.key) ?? new Map()));
    for (const [t, sig] of missing) {
      const rows = byBucket.get(t) ?? [];
      const old = buckets.get(t);
      if (old) store.rows -= weight(old);
      const fresh: Bucket = { signature: sig, used: now, g: rows.map((r) => intern(r.g)), k: rows.map((r) => intern(r.k)), v: Float64Array.from(rows, (r) => Number(r.v)) };
      buckets.set(t, fresh);
      store.rows += weight(fresh);
      for (const r of rows) sink(t, r.g, r.k, Number(r.v));
    }
    evict(store);
  }
}

/** Sealed-bucket horizon for a read at nowMs (never later than this machine's clock). */
export function sealedBefore(res: Table, nowMs: number): number {
  return Math.min(nowMs, Date.now()) - SEAL_MS[res];
}
