// Shared vocabulary of probe kinds: what a check returns and the interface every kind implements.
// A check never throws: every failure becomes a ProbeResult with a classified errorClass.
import type { z } from "zod";
import type { EgressPolicy } from "@/lib/net/egress";

export const PROBE_KIND_IDS = [
  "http",
  "tcp",
  "phpfpm",
  "nginx_status",
  "varnish_stats",
  "haproxy_stats",
  "postgres",
  "mysql",
  "redis",
  "memcached",
] as const;
export type ProbeKindId = (typeof PROBE_KIND_IDS)[number];

// What a check returns is an observation: its shape lives with the code that records it.
export { PROBE_ERROR_CLASSES, type ProbeErrorClass, type ProbePhases, type ProbeResult, type ProbeSignals } from "@/lib/observations/types";
import type { ProbeResult, ProbeSignals } from "@/lib/observations/types";

export interface ProbeContext {
  /** Hard limit for the whole check; the result arrives within this plus a little slack. */
  timeoutMs: number;
  /** Aborting it (shutdown, probe deleted) ends the check early with a classified result. */
  signal: AbortSignal;
  /** Epoch ms clock, passed in so tests and the scheduler agree on time. */
  now(): number;
  /** Signals of the previous result of the same probe, for counter deltas. */
  previous?: ProbeSignals;
  /** Every connection is checked against it; absent, the built-in rules alone apply. */
  egress?: EgressPolicy;
}

/** Where a probe connects: the config field that names the host, and the host. */
export interface ProbeTarget {
  field: string;
  host: string;
}

export interface ProbeKind<Config> {
  id: ProbeKindId;
  /** Validates stored/API config. Parsing its own output again yields the same value. */
  configSchema: z.ZodType<Config>;
  // Method syntax on purpose: it lets a ProbeKind<HttpProbeConfig> sit in a registry typed
  // ProbeKind<unknown>; the registry only calls check with what configSchema produced.
  check(config: Config, ctx: ProbeContext): Promise<ProbeResult>;
  /** The hosts a check connects to first, so a refused one is refused when the probe is saved. */
  targets(config: Config): ProbeTarget[];
}
