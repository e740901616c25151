// Late data: minutes that arrive after the live window has moved past them (a shipper backlog,
// yesterday's log imported today). Live evaluation never saw them, so they are replayed minute by
// minute (windows slid in memory over rows read once) from the state each instance had then (its last transition before them), producing the
// transitions that time would have had, flagged backfilled. Replay writes history only: the live
// state of an instance (alert_instances) is what live evaluation keeps. Minutes still inside a
// rule's live window need no replay: the next live evaluation sums them.
import type { SqlExecutor } from "@/lib/db/sql";
import { lastMinuteOf, readRuleData } from "@/lib/alerts/data";
import type { WindowTotals } from "@/lib/alerts/kinds/types";
import { readMinuteRows } from "@/lib/alerts/minute-rows";
import { minuteSteps, windowSlider } from "@/lib/alerts/sliding";
import { longestWindowSeconds, type LoadedRule } from "@/lib/alerts/load-rules";
import { recordTransitions, transitionsBefore, type InstanceTransition, type StoredTransition } from "@/lib/alerts/record";
import type { SilenceWindow } from "@/lib/alerts/silences";
import { initialState, transition, type InstanceState } from "@/lib/alerts/state-machine";
import { lockRule, withSilences } from "@/lib/alerts/rule-outcome";
import { MINUTE_MS } from "@/lib/rollups/levels";
import { applyTransitions } from "@/lib/incidents/lifecycle";


/** Event times to replay for late minutes, or null when every minute is still inside the live window. */
export function replayRange(rule: LoadedRule, minutes: number[], now: number): { from: number; to: number } | null {
  const span = longestWindowSeconds(rule) * 1000;
  if (span === 0 || minutes.length === 0) return null;
  const liveFrom = Math.floor((now - span) / MINUTE_MS) * MINUTE_MS;
  const late = minutes.filter((m) => m + MINUTE_MS <= liveFrom);
  if (late.length === 0) return null;
  const from = Math.min(...late) + MINUTE_MS;
  // A minute weighs on every window that holds it, and on `for`/`keepFiringFor` after that.
  const reach = span + (rule.timing.forSeconds + rule.timing.keepFiringForSeconds) * 1000;
  const to = Math.min(Math.max(...late) + MINUTE_MS + reach, liveFrom);
  return to >= from ? { from, to } : null;
}

function stateFrom(stored: StoredTransition | undefined, at: number): InstanceState {
  if (!stored) return initialState(at);
  const held = stored.to === "pending" || stored.to === "firing" || stored.to === "recovering";
  return {
    state: stored.to,
    since: stored.at,
    activeAt: held ? stored.at : null,
    lastTrueAt: held ? stored.at : null,
    value: stored.value,
    threshold: stored.threshold,
    reason: stored.reason,
    evaluatedAt: stored.at,
    failures: 0,
  };
}

/**
 * Replays a rule over late minutes for the given backends; answers the transitions written.
 * Reads are few whatever the range: the instances' starting states, their timeouts, and the
 * range's minute rows (from the earliest minute the first window holds), whose windows are then
 * slid in memory minute by minute (lib/alerts/sliding.ts).
 */
export async function replayLateMinutes(
  sql: SqlExecutor,
  rule: LoadedRule,
  backends: string[],
  minutes: number[],
  now: number,
  silences: SilenceWindow[],
): Promise<number> {
  const range = replayRange(rule, minutes, now);
  if (!range || backends.length === 0) return 0;
  const needs = rule.condition.needs;
  const seconds = needs.windows.map((w) => w.seconds);
  return sql.transaction(async (tx) => {
    await lockRule(tx, rule.id);
    const before = await transitionsBefore(tx, rule.id, backends, range.from - 1);
    const states = new Map<string, InstanceState>(backends.map((key) => [key, stateFrom(before.get(key), range.from)]));
    // Everything but the windows (the backends' timeouts), read once for every backend.
    const base = await readRuleData(tx, { scope: rule.scope, needs: { ...needs, windows: [], maps: [] }, at: range.from, only: backends }, backends);
    const rows = await readMinuteRows(tx, {
      scope: rule.scope,
      maps: needs.maps,
      from: lastMinuteOf(range.from) - (Math.max(...seconds) - 60) * 1000,
      to: lastMinuteOf(range.to),
      only: backends,
    });
    const sliders = new Map([...rows].map(([key, list]) => [key, windowSlider(list, seconds)]));
    const transitions: InstanceTransition[] = [];
    for (const at of minuteSteps(range.from, range.to)) {
      for (const key of backends) {
        const windows = sliders.get(key)?.at(at) ?? new Map<number, WindowTotals>();
        const state = states.get(key)!;
        // As live evaluation: an instance exists where its windows hold rows, or while it is not normal.
        const instanceData = base.get(key);
        if (!instanceData || (windows.size === 0 && state.state === "normal" && rule.scope.backend !== key)) continue;
        const out = transition(rule.timing, state, rule.condition.evaluate({ ...instanceData, windows }, at), at, { backfilled: true });
        states.set(key, out.state);
        transitions.push(...withSilences(rule, key, out.transitions, silences));
      }
    }
    const written = await recordTransitions(tx, rule.id, transitions);
    await applyTransitions(tx, rule, written);
    return written.length;
  });
}
