// Builders that keep every ProbeResult consistent: `at` is the start, durationMs is measured by
// the same clock, and failures always carry a class and a message.
import type { ProbeErrorClass, ProbePhases, ProbeResult, ProbeSignals } from "./types";

export interface ResultExtras {
  status?: number;
  phases?: ProbePhases;
  signals?: ProbeSignals;
  summary?: string;
  message?: string;
}

export function succeeded(startedAt: number, now: () => number, extras: ResultExtras = {}): ProbeResult {
  return { ok: true, at: startedAt, durationMs: now() - startedAt, ...definedOnly(extras) };
}

export function failed(
  startedAt: number,
  now: () => number,
  errorClass: ProbeErrorClass,
  message: string,
  extras: Omit<ResultExtras, "message"> = {},
): ProbeResult {
  return { ok: false, at: startedAt, durationMs: now() - startedAt, errorClass, message, ...definedOnly(extras) };
}

/** Keeps results free of `key: undefined`, so they round-trip through JSON unchanged. */
function definedOnly(extras: ResultExtras): ResultExtras {
  const out: ResultExtras = {};
  if (extras.status !== undefined) out.status = extras.status;
  if (extras.phases !== undefined) out.phases = extras.phases;
  if (extras.signals !== undefined) out.signals = extras.signals;
  if (extras.summary !== undefined) out.summary = extras.summary;
  if (extras.message !== undefined) out.message = extras.message;
  return out;
}
