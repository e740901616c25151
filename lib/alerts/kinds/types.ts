// The one interface every rule kind implements: a config schema, the data it needs (so the
// worker reads it in few queries for all instances at once), and a pure evaluate().
import type { z } from "zod";
import type { SparseCounts } from "@/lib/rollups/sparse";

/** Sums over a window of minute rollups for one instance (one backend), all sources added. */
export interface WindowTotals {
  requests: number;
  errors5xx: number;
  errors503: number;
  /** Present when the kind asked for status counts; likewise causes and latency. */
  statusCounts: SparseCounts;
  causeCounts: SparseCounts;
  latencyHist: SparseCounts;
}

export interface ProbeFacts {
  probeId: string;
  kind: string;
  health: "healthy" | "sick" | "unknown";
  /** Event time the probe last turned sick, when it is sick now. */
  sickSince: number | null;
  lastCheckAt: number | null;
  /** The most recent results, oldest first, newest last (true = ok). */
  recent: boolean[];
}

export interface CapacitySample {
  at: number;
  probeKind: string;
  signals: Record<string, number | string | boolean>;
}

export interface BackendTimeoutsMs {
  connectMs: number | null;
  firstByteMs: number | null;
  betweenBytesMs: number | null;
}

/** What one evaluation of one instance sees. Windows end with the minute holding `now`. */
export interface InstanceData {
  windows: ReadonlyMap<number, WindowTotals>;
  /** End of the last minute that had requests, within the lookback the kind asked for. */
  lastRequestAt: number | null;
  timeouts: BackendTimeoutsMs;
  probes: ProbeFacts[];
  capacity: CapacitySample[];
}

export type RollupMap = "status" | "cause" | "latency";

export interface WindowNeed {
  /** Where the window sits in the rule input, for 400 answers (e.g. ["config", "window"]). */
  path: (string | number)[];
  seconds: number;
}

export interface DataNeeds {
  /** Request windows to sum (seconds). */
  windows: WindowNeed[];
  /** The jsonb maps to add up besides the plain counters. */
  maps: RollupMap[];
  /** no_data: how far back to look for the last minute with traffic. */
  lastSeenLookback?: WindowNeed;
  /** probe_health: how many recent results per probe. */
  probeResults?: number;
  /** capacity: capacity-probe signals over this many seconds. */
  capacityWindow?: number;
  /** latency against the proxy's timeouts. */
  timeouts?: boolean;
  /** Which backends get an instance under scope {}: those with traffic, or those with probes. */
  instancesFrom: "traffic" | "probes";
}

export type Evaluation =
  | { kind: "result"; condition: boolean; value: number; threshold: number; reason?: string }
  | { kind: "nodata"; reason: string }
  | { kind: "error"; reason: string };

export interface RuleKind<Config> {
  id: string;
  /** Parses the rule's `config` (input or stored JSON) into what evaluate() reads. */
  configSchema: z.ZodType<Config>;
  needs(config: Config): DataNeeds;
  evaluate(config: Config, data: InstanceData, now: number): Evaluation;
}

/** A condition with its config bound: what the worker and the state machine handle. */
export interface CompiledCondition {
  kind: string;
  needs: DataNeeds;
  evaluate(data: InstanceData, now: number): Evaluation;
}

export const emptyTotals = (): WindowTotals => ({
  requests: 0,
  errors5xx: 0,
  errors503: 0,
  statusCounts: {},
  causeCounts: {},
  latencyHist: {},
});

/** The totals of a window, zero when the reader found no rows. */
export const windowOf = (data: InstanceData, seconds: number): WindowTotals => data.windows.get(seconds) ?? emptyTotals();

export const percent = (part: number, whole: number): number => (whole > 0 ? (part / whole) * 100 : 0);

/** Rounds values for display and storage (thresholds compare on the unrounded value). */
export const rounded = (v: number): number => Math.round(v * 1000) / 1000;
