// Shared vocabulary of probe kinds: what a check returns and the interface every kind implements.
// A check never throws: every failure becomes a ProbeResult with a classified errorClass.
import type { z } from "zod";

export const PROBE_KIND_IDS = [
  "http",
  "tcp",
  "phpfpm",
  "nginx_status",
  "varnish_stats",
  "haproxy_stats",
] as const;
export type ProbeKindId = (typeof PROBE_KIND_IDS)[number];

/**
 * Why a probe failed. The first six are the canonical cause ids from DOMAIN.md that a direct
 * probe can observe; the rest only make sense for a probe (the proxy has no equivalent).
 */
export const PROBE_ERROR_CLASSES = [
  "backend_timeout",
  "connect_timeout",
  "connect_refused",
  "backend_reset",
  "bad_response",
  "backend_error",
  "tls_error",
  "dns_error",
  "unexpected_status",
  "body_mismatch",
  "invalid_config",
] as const;
export type ProbeErrorClass = (typeof PROBE_ERROR_CLASSES)[number];

/**
 * Duration of each phase on its own, in ms (not cumulative like curl's -w timers), so a chart can
 * stack them. A phase is absent when it did not happen (no DNS for an IP literal, no TLS over
 * plain http) or was never reached (timeout or failure earlier).
 */
export interface ProbePhases {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** From "connection ready" (request sent) to response headers: the origin's think time. */
  firstByteMs?: number;
  /** Whole exchange including the (bounded) body; across all hops when redirects are followed. */
  totalMs?: number;
}

/** Flat key -> value map; capacity probes keep raw counters here so the next run can diff them. */
export type ProbeSignals = Record<string, number | string | boolean>;

export interface ProbeResult {
  ok: boolean;
  /** Epoch ms when the check started. */
  at: number;
  durationMs: number;
  errorClass?: ProbeErrorClass;
  status?: number;
  /** Short human text, e.g. "Expected status 200, got 503". */
  message?: string;
  phases?: ProbePhases;
  signals?: ProbeSignals;
  /** Human digest of the saturation signals, e.g. "PHP-FPM hit max_children 12 times since last probe". */
  summary?: string;
}

export interface ProbeContext {
  /** Hard limit for the whole check; the result arrives within this plus a little slack. */
  timeoutMs: number;
  /** Aborting it (shutdown, probe deleted) ends the check early with a classified result. */
  signal: AbortSignal;
  /** Epoch ms clock, passed in so tests and the scheduler agree on time. */
  now(): number;
  /** Signals of the previous result of the same probe, for counter deltas. */
  previous?: ProbeSignals;
}

export interface ProbeKind<Config> {
  id: ProbeKindId;
  /** Validates stored/API config. Parsing its own output again yields the same value. */
  configSchema: z.ZodType<Config>;
  // Method syntax on purpose: it lets a ProbeKind<HttpProbeConfig> sit in a registry typed
  // ProbeKind<unknown>; the registry only calls check with what configSchema produced.
  check(config: Config, ctx: ProbeContext): Promise<ProbeResult>;
}
