// The transition table, row by row: Prometheus `for` / `keep_firing_for`, Grafana's states.
import { test } from "node:test";
import assert from "node:assert/strict";
import { initialState, transition, type AlertStateName, type InstanceState, type RuleTiming } from "@/lib/alerts/state-machine";
import type { Evaluation } from "@/lib/alerts/kinds/types";
import { compileRule } from "@/lib/alerts/kinds/registry";
import { data } from "./support";

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);
const s = (sec: number) => T0 + sec * 1000;
const yes = (value = 10): Evaluation => ({ kind: "result", condition: true, value, threshold: 5 });
const no = (value = 1): Evaluation => ({ kind: "result", condition: false, value, threshold: 5 });
const nodata: Evaluation = { kind: "nodata", reason: "no requests in the last 5m" };
const error: Evaluation = { kind: "error", reason: "the backend's first-byte timeout is not known" };

function state(name: AlertStateName, o: Partial<InstanceState> = {}): InstanceState {
  const held = name === "pending" || name === "firing" || name === "recovering";
  return { ...initialState(s(0)), state: name, since: s(0), activeAt: held ? s(0) : null, lastTrueAt: held ? s(0) : null, evaluatedAt: s(0), ...o };
}

type Row = [label: string, timing: RuleTiming, prev: InstanceState | null, ev: Evaluation, atSec: number, to: AlertStateName, moved: boolean];
const f0 = { forSeconds: 0, keepFiringForSeconds: 0 };
const f60 = { forSeconds: 60, keepFiringForSeconds: 0 };
const k120 = { forSeconds: 0, keepFiringForSeconds: 120 };

const TABLE: Row[] = [
  ["first evaluation, condition false: normal, nothing recorded", f0, null, no(), 10, "normal", false],
  ["normal + true, for 0s: fires at once", f0, state("normal"), yes(), 10, "firing", true],
  ["normal + true, for 1m: pending", f60, state("normal"), yes(), 10, "pending", true],
  ["pending + true before for elapsed: still pending", f60, state("pending"), yes(), 59, "pending", false],
  ["pending + true once for elapsed: firing", f60, state("pending"), yes(), 60, "firing", true],
  ["pending + false: back to normal (for must hold at every evaluation)", f60, state("pending"), no(), 30, "normal", true],
  ["firing + true: stays firing", f0, state("firing"), yes(), 30, "firing", false],
  ["firing + false, keepFiringFor 0: resolves", f0, state("firing"), no(), 30, "normal", true],
  ["firing + false within keepFiringFor: recovering", k120, state("firing"), no(), 30, "recovering", true],
  ["firing + false with keepFiringFor already over (a long gap): resolves", k120, state("firing"), no(), 300, "normal", true],
  ["recovering + false before keepFiringFor elapsed: still recovering", k120, state("recovering", { lastTrueAt: s(0) }), no(), 119, "recovering", false],
  ["recovering + false once keepFiringFor elapsed: resolves", k120, state("recovering", { lastTrueAt: s(0) }), no(), 120, "normal", true],
  ["recovering + true: firing again, no new pending", { forSeconds: 600, keepFiringForSeconds: 120 }, state("recovering"), yes(), 60, "firing", true],
  ["normal + nodata: stays normal (a quiet backend is not an alert)", f0, state("normal"), nodata, 30, "normal", false],
  ["pending + nodata: nodata", f60, state("pending"), nodata, 30, "nodata", true],
  ["firing + nodata: nodata", f0, state("firing"), nodata, 30, "nodata", true],
  ["nodata + nodata: unchanged", f0, state("nodata"), nodata, 30, "nodata", false],
  ["nodata + true, for 0s: firing", f0, state("nodata"), yes(), 30, "firing", true],
  ["nodata + true, for 1m: pending, counting from now", f60, state("nodata"), yes(), 30, "pending", true],
  ["nodata + false: normal", f0, state("nodata"), no(), 30, "normal", true],
  ["normal + a first failed evaluation: stays normal, counts it", f0, state("normal"), error, 30, "normal", false],
  ["firing + a second failed evaluation: stays firing (one bad read neither resolves nor pages)", f0, state("firing", { failures: 1 }), error, 30, "firing", false],
  ["pending + a failed evaluation: stays pending, for keeps counting", f60, state("pending", { failures: 1 }), error, 30, "pending", false],
  ["normal + the third failed evaluation in a row: error", f0, state("normal", { failures: 2 }), error, 30, "error", true],
  ["firing + the third failed evaluation in a row: error", f0, state("firing", { failures: 2 }), error, 30, "error", true],
  ["two failures, then a result: the count starts over", f0, state("normal", { failures: 2 }), no(), 30, "normal", false],
  ["error + error: unchanged", f0, state("error"), error, 30, "error", false],
  ["error + false: normal", f0, state("error"), no(), 30, "normal", true],
  ["an evaluation older than the last one changes nothing", f0, state("normal", { evaluatedAt: s(60) }), yes(), 30, "normal", false],
];

for (const [label, timing, prev, ev, atSec, to, moved] of TABLE) {
  test(`transition: ${label}`, () => {
    const out = transition(timing, prev, ev, s(atSec));
    assert.equal(out.state.state, to);
    assert.equal(out.transitions.length, moved ? 1 : 0);
    if (moved) {
      const [t] = out.transitions;
      assert.equal(t.from, prev?.state ?? "normal");
      assert.equal(t.to, to);
      assert.equal(t.at, s(atSec), "a transition is stamped with the evaluation's event time");
      assert.equal(out.state.since, s(atSec));
      assert.equal(t.backfilled, false);
      if (ev.kind === "result") {
        assert.equal(t.value, ev.value);
        assert.equal(t.threshold, ev.threshold);
      } else {
        assert.equal(t.reason, ev.reason);
      }
    } else if (prev) {
      assert.equal(out.state.since, prev.since, "since moves only with a transition");
    }
  });
}

function run(timing: RuleTiming, evs: [number, Evaluation][]) {
  let st: InstanceState | null = null;
  const path: string[] = [];
  for (const [sec, ev] of evs) {
    const out = transition(timing, st, ev, s(sec));
    st = out.state;
    for (const t of out.transitions) path.push(`${t.from}->${t.to}@${(t.at - T0) / 1000}`);
  }
  return path;
}

test("error after 3 failed evaluations in a row, with the reason; a result in between starts the count over", () => {
  const timing = { forSeconds: 60, keepFiringForSeconds: 0 };
  // pending at 0; two failures keep it pending and its for timer running: true at 60 fires.
  assert.deepEqual(run(timing, [[0, yes()], [15, error], [30, error], [60, yes()], [75, error], [90, error], [105, no()], [120, error], [135, error], [150, error]]), [
    "normal->pending@0",
    "pending->firing@60",
    "firing->normal@105",
    "normal->error@150",
  ]);
  let st: InstanceState | null = null;
  for (const sec of [0, 15, 30]) st = transition(timing, st, error, s(sec)).state;
  assert.equal(st?.state, "error");
  assert.equal(st?.reason, error.kind === "error" ? error.reason : null);
  assert.equal(st?.failures, 3);
});

test("Prometheus for: pending counts from the first true evaluation and restarts after a false one", () => {
  const timing = { forSeconds: 60, keepFiringForSeconds: 0 };
  assert.deepEqual(run(timing, [[0, yes()], [30, yes()], [45, no()], [50, yes()], [100, yes()], [110, yes()]]), [
    "normal->pending@0",
    "pending->normal@45",
    "normal->pending@50",
    "pending->firing@110",
  ]);
});

test("keep_firing_for: a flapping condition neither resolves nor re-fires", () => {
  const timing = { forSeconds: 0, keepFiringForSeconds: 120 };
  assert.deepEqual(run(timing, [[0, yes()], [15, no()], [30, yes()], [45, no()], [150, no()], [165, no()]]), [
    "normal->firing@0",
    "firing->recovering@15",
    "recovering->firing@30",
    "firing->recovering@45",
    "recovering->normal@150",
  ]);
});

test("min request count: two failed requests out of two never fire an error_rate rule", () => {
  const rule = compileRule("error_rate", { status: "5xx", above: 5, window: "5m", minRequests: 20 });
  const timing = { forSeconds: 0, keepFiringForSeconds: 0 };
  const few = rule.evaluate(data({ 300: { requests: 2, errors5xx: 2 } }), s(0));
  const out = transition(timing, null, few, s(0));
  assert.equal(out.state.state, "normal");
  assert.equal(out.state.value, 100, "the value is still recorded for the rules list");
  const many = rule.evaluate(data({ 300: { requests: 40, errors5xx: 4 } }), s(15));
  assert.equal(transition(timing, out.state, many, s(15)).transitions[0]?.to, "firing");
});

test("burn-rate pairs through the state machine: fires while both windows of a pair burn", () => {
  const rule = compileRule("burn_rate", { slo: 99, pairs: [{ long: "1h", short: "5m", factor: 10 }] });
  const timing = { forSeconds: 0, keepFiringForSeconds: 0 };
  const at = (long: number, short: number) => data({ 3600: { requests: 1000, errors5xx: long * 10 }, 300: { requests: 100, errors5xx: short } });
  const path: string[] = [];
  let st: InstanceState | null = null;
  for (const [sec, d] of [[0, at(11, 12)], [60, at(12, 5)], [120, at(12, 15)]] as const) {
    const out = transition(timing, st, rule.evaluate(d, s(sec)), s(sec));
    st = out.state;
    path.push(...out.transitions.map((t) => `${t.to}@${sec}`));
  }
  assert.deepEqual(path, ["firing@0", "normal@60", "firing@120"]);
});

test("no data: a firing alert whose traffic stops says nodata, then resolves when data says so", () => {
  assert.deepEqual(run({ forSeconds: 0, keepFiringForSeconds: 0 }, [[0, yes()], [60, nodata], [120, nodata], [180, no()]]), [
    "normal->firing@0",
    "firing->nodata@60",
    "nodata->normal@180",
  ]);
});

test("event time with late minutes: transitions carry the data's time and the backfilled flag", () => {
  const timing = { forSeconds: 60, keepFiringForSeconds: 0 };
  // Yesterday's minutes replayed in order: same path as live, stamped with yesterday's times.
  const yesterday = T0 - 86_400_000;
  let st: InstanceState | null = null;
  const got: { to: string; at: number; backfilled: boolean }[] = [];
  for (const minute of [0, 1, 2, 3]) {
    const out = transition(timing, st, minute < 3 ? yes() : no(), yesterday + minute * 60_000, { backfilled: true });
    st = out.state;
    got.push(...out.transitions.map((t) => ({ to: t.to, at: t.at, backfilled: t.backfilled })));
  }
  assert.deepEqual(got, [
    { to: "pending", at: yesterday, backfilled: true },
    { to: "firing", at: yesterday + 60_000, backfilled: true },
    { to: "normal", at: yesterday + 180_000, backfilled: true },
  ]);
  // A live state already past those minutes is not rewound by them.
  const live = state("firing", { evaluatedAt: T0 });
  const late = transition(timing, live, no(), yesterday + 120_000, { backfilled: true });
  assert.deepEqual(late, { state: live, transitions: [] });
});
