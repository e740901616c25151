// The transition function: (rule timing, previous state, evaluation, event time) -> new state and
// the transitions it took. Pure: the worker feeds it and persists what it returns.
//
// States as Grafana names them; timing as Prometheus defines it:
// - `for`: the condition must hold at every evaluation for that long before pending becomes
//   firing (one false evaluation sends pending back to normal);
// - `keepFiringFor`: after the condition was last true, firing holds that long (shown as
//   recovering) before it resolves, so a flapping condition neither re-pages nor resolves falsely.
// - nodata: a pending/firing/recovering alert whose data went away says so; a normal one stays
//   normal (a quiet backend at night is not an alert; the no_data kind is how silence pages).
// - error: the evaluation failed (e.g. a timeout the rule compares with is unknown) 3 times in a
//   row, as Grafana counts it: one failed read must not page nor resolve anything, so the first
//   two failures keep the state (and its timers) and only count.
// Evaluations are by event time; one older than the last one (late data evaluated after newer
// data) changes nothing here: the worker replays late minutes from the state they started in.
import type { Evaluation } from "@/lib/alerts/kinds/types";

import type { AlertStateName } from "@/lib/observations/alert-states";
export { ALERT_STATES, type AlertStateName } from "@/lib/observations/alert-states";

export interface InstanceState {
  state: AlertStateName;
  /** Event time the current state began. */
  since: number;
  /** When the condition started holding without a break (pending and firing count from it). */
  activeAt: number | null;
  /** The last event time the condition held (keepFiringFor counts from it). */
  lastTrueAt: number | null;
  value: number | null;
  threshold: number | null;
  reason: string | null;
  /** Event time of the last evaluation. */
  evaluatedAt: number | null;
  /** Consecutive failed evaluations (error enters at ERROR_AFTER_FAILURES). */
  failures: number;
}

/** Failed evaluations in a row before an instance enters `error` (Grafana's default). */
export const ERROR_AFTER_FAILURES = 3;

export interface RuleTiming {
  forSeconds: number;
  keepFiringForSeconds: number;
}

export interface Transition {
  from: AlertStateName;
  to: AlertStateName;
  /** Event time: the end of the data the evaluation saw, not the clock when it ran. */
  at: number;
  value: number | null;
  threshold: number | null;
  reason: string | null;
  /** Produced by replaying late data, not as the data arrived. */
  backfilled: boolean;
}

export interface TransitionOutcome {
  state: InstanceState;
  transitions: Transition[];
}

export const initialState = (at: number): InstanceState => ({
  state: "normal",
  since: at,
  activeAt: null,
  lastTrueAt: null,
  value: null,
  threshold: null,
  reason: null,
  evaluatedAt: null,
  failures: 0,
});

function next(rule: RuleTiming, prev: InstanceState, ev: Evaluation, at: number): InstanceState {
  if (ev.kind === "error") {
    const failures = prev.failures + 1;
    if (failures < ERROR_AFTER_FAILURES && prev.state !== "error") return { ...prev, evaluatedAt: at, failures };
    return { ...prev, evaluatedAt: at, failures, state: "error", activeAt: null, value: null, threshold: null, reason: ev.reason };
  }
  const base = { ...prev, evaluatedAt: at, failures: 0 };
  if (ev.kind === "nodata") {
    if (prev.state === "normal") return { ...base, reason: ev.reason };
    return { ...base, state: "nodata", activeAt: null, value: null, threshold: null, reason: ev.reason };
  }
  const measured = { ...base, value: ev.value, threshold: ev.threshold, reason: ev.reason ?? null };
  if (ev.condition) {
    const held = prev.state === "pending" || prev.state === "firing" || prev.state === "recovering";
    const activeAt = held && prev.activeAt !== null ? prev.activeAt : at;
    const firing = prev.state === "firing" || prev.state === "recovering" || at - activeAt >= rule.forSeconds * 1000;
    return { ...measured, state: firing ? "firing" : "pending", activeAt, lastTrueAt: at };
  }
  const firingLike = prev.state === "firing" || prev.state === "recovering";
  const keeping = firingLike && prev.lastTrueAt !== null && at - prev.lastTrueAt < rule.keepFiringForSeconds * 1000;
  if (keeping) return { ...measured, state: "recovering" };
  return { ...measured, state: "normal", activeAt: null };
}

export function transition(
  rule: RuleTiming,
  previous: InstanceState | null,
  evaluation: Evaluation,
  at: number,
  opts: { backfilled?: boolean } = {},
): TransitionOutcome {
  const prev = previous ?? initialState(at);
  if (prev.evaluatedAt !== null && at < prev.evaluatedAt) return { state: prev, transitions: [] };
  const state = next(rule, prev, evaluation, at);
  if (state.state === prev.state) return { state: { ...state, since: prev.since }, transitions: [] };
  const moved = { ...state, since: at };
  const t: Transition = {
    from: prev.state,
    to: state.state,
    at,
    value: state.value,
    threshold: state.threshold,
    reason: state.reason,
    backfilled: opts.backfilled ?? false,
  };
  return { state: moved, transitions: [t] };
}
