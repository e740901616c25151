// Reads a probe's stored health register defensively: a missing or malformed value, or one whose
// window/threshold no longer match the probe's columns (edited meanwhile), becomes a valid
// register for the current parameters instead of failing the batch that records results.
import { HealthState, initialHealthState, reconfigureHealthState, type HealthStatus } from "@/lib/observations/health";

export type StoredHealth = HealthStatus | "unknown";

export interface RegisterColumns {
  window: number;
  threshold: number;
  initial: number;
}

export function storedHealthState(raw: unknown, params: RegisterColumns): HealthState {
  const parsed = HealthState.safeParse(raw);
  if (!parsed.success) return initialHealthState(params);
  const state = parsed.data;
  if (state.window === params.window && state.threshold === params.threshold) return state;
  return reconfigureHealthState(state, params);
}

export function isStoredHealth(value: unknown): value is StoredHealth {
  return value === "healthy" || value === "sick" || value === "unknown";
}
