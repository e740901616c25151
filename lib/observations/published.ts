// The one after-commit hook of the observation road: once a transaction that recorded request
// or probe observations commits, listeners (rule evaluation) learn which backends and minutes
// it touched. Ingest and probes need not know who listens; nothing is published for a batch
// that rolled back.
//
// Across processes (PostgreSQL, web servers with ORIGINWATCH_WORKER=off and `npm run worker`
// processes evaluating): the same facts go out with pg_notify inside the committing
// transaction, so PostgreSQL delivers them on commit and never for a rollback. Workers LISTEN
// (listenToOtherProcesses); a process skips its own notifications, its listeners already had them.
import { randomUUID } from "node:crypto";
import type { SqlExecutor, SqlQueryable, Unlisten } from "@/lib/db/sql";
import { logger } from "@/lib/observability/logger";
import { MINUTE_MS } from "@/lib/rollups/levels";

export interface TouchedMinutes {
  /** Requests: rollups name backends; probes: results name their backend rows. */
  origin: "requests" | "probes";
  backends: string[];
  backendIds: string[];
  /**
   * From another process whose list of backends was too long for a notification: every backend
   * with data in these minutes may have changed (backends/backendIds are then empty).
   */
  allBackends?: boolean;
  /** Minute buckets (ms) the observations fell in, by event time. */
  minutes: number[];
  /** Requests: what the batch counted per backend (not late cause corrections), for /metrics' counters. */
  traffic?: TrafficCounts[];
}

export interface TrafficCounts {
  backend: string;
  requests: number;
  statusCounts: Record<string, number>;
  causeCounts: Record<string, number>;
  latencyHist: Record<string, number>;
  latencyCount: number;
  latencySumMs: number;
}

type Listener = (touched: TouchedMinutes) => void;

// On globalThis: Next.js loads the route handlers (ingest) and instrumentation (the worker that
// listens) as separate module graphs in one process; they must share one set of listeners.
const holder = globalThis as typeof globalThis & { __originwatchObservationListeners?: Set<Listener>; __originwatchProcessTag?: string };
const listeners = (holder.__originwatchObservationListeners ??= new Set<Listener>());
const processTag = (holder.__originwatchProcessTag ??= randomUUID());

export const OBSERVATIONS_CHANNEL = "originwatch_observations";
/** PostgreSQL refuses payloads of 8000 bytes or more; stay clear of it. */
const MAX_PAYLOAD = 7500;

/** Subscribes to committed observations; returns the unsubscribe function. */
export function onObservationsCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface Wire {
  /** The sending process. */
  p: string;
  o: TouchedMinutes["origin"];
  /** Backend names or ids; null: all of them. */
  b: string[] | null;
  /** Runs of consecutive minutes: [first minute ms, count]. */
  m: [number, number][];
}

function minuteRuns(minutes: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const m of [...new Set(minutes)].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last[0] + last[1] * MINUTE_MS === m) last[1] += 1;
    else runs.push([m, 1]);
  }
  return runs;
}

/**
 * The wire form of a touch, under PostgreSQL's payload limit: a list of backends too long for it
 * becomes "all backends", and too many separate minutes one run covering them (more work for
 * the receiver, never a missed minute).
 */
export function encodeTouched(t: TouchedMinutes): string {
  const runs = minuteRuns(t.minutes);
  const wire: Wire = { p: processTag, o: t.origin, b: t.origin === "requests" ? t.backends : t.backendIds, m: runs };
  let text = JSON.stringify(wire);
  if (text.length > MAX_PAYLOAD) text = JSON.stringify({ ...wire, b: null });
  if (text.length > MAX_PAYLOAD) {
    const first = runs[0]![0];
    const end = runs.at(-1)![0] + runs.at(-1)![1] * MINUTE_MS;
    text = JSON.stringify({ ...wire, b: null, m: [[first, (end - first) / MINUTE_MS]] });
  }
  return text;
}

/** The touch a notification carries; null for one this process sent itself or cannot read. */
export function decodeTouched(payload: string, ownTag = processTag): TouchedMinutes | null {
  let wire: Wire;
  try {
    wire = JSON.parse(payload) as Wire;
  } catch {
    return null;
  }
  if (wire.p === ownTag || (wire.o !== "requests" && wire.o !== "probes") || !Array.isArray(wire.m)) return null;
  const minutes = wire.m.flatMap(([first, count]) => Array.from({ length: count }, (_, i) => first + i * MINUTE_MS));
  const names = wire.b ?? [];
  return {
    origin: wire.o,
    backends: wire.o === "requests" ? names : [],
    backendIds: wire.o === "probes" ? names : [],
    allBackends: wire.b === null,
    minutes,
  };
}

/** Runs listeners once tx commits and, on PostgreSQL, tells other processes through pg_notify. */
export async function publishAfterCommit(tx: SqlQueryable, touched: TouchedMinutes): Promise<void> {
  if (touched.minutes.length === 0) return;
  if (tx.notify) await tx.notify(OBSERVATIONS_CHANNEL, encodeTouched(touched));
  if (listeners.size === 0) return;
  tx.afterCommit(() => {
    for (const listener of listeners) {
      try {
        listener(touched);
      } catch (error) {
        logger.error("an observation listener failed", { error });
      }
    }
  });
}

/** PostgreSQL: hands `listener` what other processes committed. Embedded: nothing to listen to. */
export async function listenToOtherProcesses(sql: SqlExecutor, listener: Listener): Promise<Unlisten> {
  if (!sql.listen) return async () => undefined;
  return sql.listen(OBSERVATIONS_CHANNEL, (payload) => {
    const touched = decodeTouched(payload);
    if (!touched) return;
    try {
      listener(touched);
    } catch (error) {
      logger.error("an observation listener failed", { error });
    }
  });
}

export const distinct = <T>(values: T[]): T[] => [...new Set(values)];
