// The verdict shared by the database kinds: which readings count as trouble (thresholds the user
// sets, with defaults) and the one-line summary that names them, e.g. "PostgreSQL: 3 sessions
// waiting on a lock for 40 s; 1 query running longer than 10 s (12 of 100 connections)".
import { z } from "zod";
import { plural } from "@/lib/probes/capacity";
import type { ServiceReading } from "@/lib/probes/service/session";
import type { ProbeSignals } from "@/lib/probes/types";

export const DatabaseThresholds = {
  longQuerySeconds: z.number("longQuerySeconds must be a number").positive().max(86_400).default(10).describe("a statement running longer than this is a long query"),
  maxLongQueries: z.int("maxLongQueries must be a whole number").min(0).max(10_000).default(0).describe("more long queries than this is trouble"),
  maxLockWaits: z.int("maxLockWaits must be a whole number").min(0).max(10_000).default(0).describe("more sessions waiting on a lock than this is trouble"),
  connectionsPercent: z.number("connectionsPercent must be a number").min(1).max(100).default(90).describe("connections used above this share of the limit is trouble"),
};
export interface DatabaseThresholds {
  longQuerySeconds: number;
  maxLongQueries: number;
  maxLockWaits: number;
  connectionsPercent: number;
}

const num = (signals: ProbeSignals, key: string) => (typeof signals[key] === "number" ? (signals[key] as number) : 0);

export function judge(product: string, signals: ProbeSignals, t: DatabaseThresholds, otherTrouble: boolean, extra: string[]): ServiceReading {
  const lockWaits = num(signals, "lockWaits");
  const longQueries = num(signals, "longQueries");
  const connections = num(signals, "connections");
  const maxConnections = num(signals, "maxConnections");
  const usedPercent = maxConnections > 0 ? Math.round((connections / maxConnections) * 1000) / 10 : 0;
  signals.connectionsUsedPercent = usedPercent;
  const notes: string[] = [];
  if (lockWaits > 0) {
    const wait = num(signals, "longestLockWaitSeconds");
    notes.push(`${plural(lockWaits, "session")} waiting on a lock${wait > 0 ? ` for ${Math.round(wait)} s` : ""}`);
  }
  if (longQueries > 0) notes.push(`${plural(longQueries, "query", "queries")} running longer than ${t.longQuerySeconds} s`);
  const crowded = usedPercent > t.connectionsPercent;
  if (crowded) notes.push(`${usedPercent} % of max_connections in use`);
  notes.push(...extra);
  signals.saturated = lockWaits > t.maxLockWaits || longQueries > t.maxLongQueries || crowded || otherTrouble;
  signals.verdict = signals.saturated ? "trouble" : "healthy";
  const load = `${connections} of ${maxConnections} connections`;
  return { signals, summary: notes.length > 0 ? `${product}: ${notes.join("; ")} (${load})` : `${product}: no lock waits or long queries (${load})` };
}
