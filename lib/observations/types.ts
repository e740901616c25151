// The shapes the write corridor records (lib/observations/requests.ts, probes.ts): what ingest's
// aggregator and the probe kinds hand over. They live here, below their producers, so the arrows
// point one way: ingest and probes import observations, never the other way round. Ingest's own
// types are narrower (cause ids, parsed requests) and fit these structurally.
import type { Histogram } from "@/lib/rollups/histogram";

/** One (minute, backend) cell of a batch's counts. */
export interface ObservedBucket {
  minuteMs: number;
  backend: string;
  requests: number;
  /** 5xx responses; equals the sum of byCause. */
  serverErrors: number;
  status503: number;
  bytes: number;
  byStatus: Record<string, number>;
  byCause: Partial<Record<string, number>>;
  byHandling: Partial<Record<string, number>>;
  /** Counts per fixed bucket of lib/rollups/histogram; requests without a duration are not in it. */
  latencyHistogram: Histogram;
}

/** A raw 5xx line kept as a sample; `request` is stored as JSON next to its error-log evidence. */
export interface ObservedSample {
  minuteMs: number;
  backend: string;
  cause: string;
  lineNo: number;
  /** The raw line, cut at SAMPLE_LINE_LIMIT chars. */
  line: string;
  request: { time: number; status: number };
  errorLog?: object;
}

/** A 5xx counted earlier (another batch or source) whose error-log line arrived in this one. */
export interface CauseCorrection {
  sourceId: string;
  minuteMs: number;
  backend: string;
  lineNo: number;
  from: string;
  to: string;
}

/**
 * Why a probe failed. The first six are the canonical cause ids from DOMAIN.md that a direct
 * probe can observe; the rest only make sense for a probe (the proxy has no equivalent).
 * auth_failed: a database or cache refused the probe's credentials; the server is up, so it is
 * not `down`, and the fix is the probe's settings (or the role), not the origin.
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
  "auth_failed",
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

