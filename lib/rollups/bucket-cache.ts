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
interface Store {
  series: Map<string, Map<number, Bucket>>;
  rows: number;
  clock: number;
}
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

async function readRevisions(q: SqlQueryable, fromMs: number, toMs: number): Promise<Map<number, string>> {
  const rows = await q.query<{ day: number; revision: string }>(
    `SELECT day, revision::text AS revision FROM rollup_revisions WHERE day = -1 OR (day >= $1 AND day <= $2)`,
    [Math.floor(fromMs / DAY_MS), Math.floor(toMs / DAY_MS)],
  );
  return new Map(rows.map((r) => [Number(r.day), r.revision]));
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
}

/** Feeds `sink` every row of [fromMs, toMs): sealed buckets from the cache, the rest read. */
export async function readThroughCache(q: SqlQueryable, read: SealedRead, sink: RowSink): Promise<void> {
  const { fromMs, toMs, stepMs } = read;
  const first = Math.ceil(fromMs / stepMs) * stepMs;
  const end = Math.min(Math.floor(toMs / stepMs) * stepMs, Math.floor(read.sealedBeforeMs / stepMs) * stepMs);
  if (end <= first) return read.readRest(fromMs, toMs, sink);

  let store = stores.get(q);
  if (!store) stores.set(q, (store = { series: new Map(), rows: 0, clock: 0 }));
  let buckets: Map<number, Bucket> | undefined = store.series.get(read.key);
  if (!buckets) store.series.set(read.key, (buckets = new Map()));
  const now = ++store.clock;

  const revisions = await readRevisions(q, first, end);
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
  if (first > fromMs) await read.readRest(fromMs, first, sink);
  if (toMs > end) await read.readRest(end, toMs, sink);
}

/** Sealed-bucket horizon for a read at nowMs (never later than this machine's clock). */
export function sealedBefore(res: Table, nowMs: number): number {
  return Math.min(nowMs, Date.now()) - SEAL_MS[res];
}
