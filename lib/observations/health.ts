// Varnish's backend health model: a shift register of the last `.window` probe results; the
// backend is healthy while at least `.threshold` of them succeeded. Pure functions over a small
// JSON-serialisable state so the scheduler can keep it in a database column.
import { z } from "zod";

/** Varnish's register is 64 bits wide, so no window can be larger. */
export const MAX_HEALTH_WINDOW = 64;

/** Varnish's probe defaults (`.initial` defaults to threshold - 1). */
export const VARNISH_PROBE_DEFAULTS = {
  window: 8,
  threshold: 3,
  initial: 2,
  intervalMs: 5_000,
  timeoutMs: 2_000,
  expectedStatus: 200,
} as const;

const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 24 * 60 * 60 * 1_000;
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 120_000;

const windowSize = z
  .int("window must be a whole number")
  .min(1, "window must be at least 1")
  .max(MAX_HEALTH_WINDOW, `window cannot exceed ${MAX_HEALTH_WINDOW} (Varnish's limit)`);
const thresholdCount = z
  .int("threshold must be a whole number")
  .min(1, "threshold must be at least 1")
  .max(MAX_HEALTH_WINDOW, `threshold cannot exceed ${MAX_HEALTH_WINDOW}`);

export const ProbeParams = z
  .object({
    window: windowSize.default(VARNISH_PROBE_DEFAULTS.window),
    threshold: thresholdCount.default(VARNISH_PROBE_DEFAULTS.threshold),
    // Absent means "threshold - 1" (one good probe away from healthy), as in Varnish.
    initial: z
      .int("initial must be a whole number")
      .min(0, "initial cannot be negative")
      .max(MAX_HEALTH_WINDOW, `initial cannot exceed ${MAX_HEALTH_WINDOW}`)
      .optional(),
    intervalMs: z
      .int("intervalMs must be a whole number of milliseconds")
      .min(MIN_INTERVAL_MS, `intervalMs must be at least ${MIN_INTERVAL_MS} ms`)
      .max(MAX_INTERVAL_MS, "intervalMs cannot exceed 24 hours")
      .default(VARNISH_PROBE_DEFAULTS.intervalMs),
    timeoutMs: z
      .int("timeoutMs must be a whole number of milliseconds")
      .min(MIN_TIMEOUT_MS, `timeoutMs must be at least ${MIN_TIMEOUT_MS} ms`)
      .max(MAX_TIMEOUT_MS, `timeoutMs cannot exceed ${MAX_TIMEOUT_MS} ms`)
      .default(VARNISH_PROBE_DEFAULTS.timeoutMs),
  })
  .superRefine((params, ctx) => {
    if (params.threshold > params.window) {
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `threshold (${params.threshold}) cannot exceed window (${params.window}): the backend could never become healthy`,
      });
    }
    if (params.initial !== undefined && params.initial > params.window) {
      ctx.addIssue({
        code: "custom",
        path: ["initial"],
        message: `initial (${params.initial}) cannot exceed window (${params.window})`,
      });
    }
    // A probe that may outlive its interval would overlap the next run of itself.
    if (params.timeoutMs > params.intervalMs) {
      ctx.addIssue({
        code: "custom",
        path: ["timeoutMs"],
        message: `timeoutMs (${params.timeoutMs}) cannot exceed intervalMs (${params.intervalMs})`,
      });
    }
  })
  .transform((params) => ({ ...params, initial: params.initial ?? Math.max(0, params.threshold - 1) }));
export type ProbeParams = z.output<typeof ProbeParams>;
export type ProbeParamsInput = z.input<typeof ProbeParams>;

/**
 * `history` is the register itself: exactly `window` characters, oldest first, "1" = good probe.
 * Slots never probed are "0", exactly like Varnish's zeroed bitmap.
 */
export const HealthState = z
  .object({
    window: windowSize,
    threshold: thresholdCount,
    history: z.string().regex(/^[01]*$/, "history may only contain 0 and 1"),
  })
  .refine((state) => state.history.length === state.window, {
    message: "history must hold exactly `window` results",
    path: ["history"],
  })
  .refine((state) => state.threshold <= state.window, {
    message: "threshold cannot exceed window",
    path: ["threshold"],
  });
export type HealthState = z.output<typeof HealthState>;

export type HealthStatus = "healthy" | "sick";

export interface HealthTransition {
  from: HealthStatus;
  to: HealthStatus;
}

export interface HealthUpdate {
  state: HealthState;
  status: HealthStatus;
  /** Present only when this result flipped the status. */
  transition?: HealthTransition;
}

type RegisterParams = Pick<ProbeParams, "window" | "threshold" | "initial">;

/** The register at start: `initial` good results pre-filled, as Varnish does before the first probe. */
export function initialHealthState(params: RegisterParams): HealthState {
  const good = Math.min(params.initial, params.window);
  return {
    window: params.window,
    threshold: params.threshold,
    history: "0".repeat(params.window - good) + "1".repeat(good),
  };
}

export function goodResultCount(state: HealthState): number {
  let good = 0;
  for (const slot of state.history) if (slot === "1") good += 1;
  return good;
}

export function healthStatus(state: HealthState): HealthStatus {
  return goodResultCount(state) >= state.threshold ? "healthy" : "sick";
}

/** Shifts one probe result into the register; the oldest result falls out. */
export function applyResult(state: HealthState, ok: boolean): HealthUpdate {
  const from = healthStatus(state);
  const next: HealthState = {
    window: state.window,
    threshold: state.threshold,
    history: (state.history + (ok ? "1" : "0")).slice(-state.window),
  };
  const to = healthStatus(next);
  return from === to ? { state: next, status: to } : { state: next, status: to, transition: { from, to } };
}

/**
 * Carries the register over when window or threshold are edited: the newest results are kept,
 * a wider window is padded with never-probed ("0") slots.
 */
export function reconfigureHealthState(
  state: HealthState,
  params: Pick<ProbeParams, "window" | "threshold">,
): HealthState {
  const kept = state.history.slice(-params.window);
  return {
    window: params.window,
    threshold: params.threshold,
    history: kept.padStart(params.window, "0"),
  };
}
