import { test } from "node:test";
import assert from "node:assert/strict";
import {
  HealthState,
  ProbeParams,
  VARNISH_PROBE_DEFAULTS,
  applyResult,
  goodResultCount,
  healthStatus,
  initialHealthState,
  reconfigureHealthState,
  type HealthState as HealthStateType,
} from "@/lib/observations/health";

function feed(state: HealthStateType, results: boolean[]) {
  const transitions: { at: number; from: string; to: string }[] = [];
  let current = state;
  results.forEach((ok, index) => {
    const update = applyResult(current, ok);
    if (update.transition) transitions.push({ at: index, ...update.transition });
    current = update.state;
  });
  return { state: current, transitions };
}

test("ProbeParams applies Varnish's defaults, with initial = threshold - 1", () => {
  assert.deepEqual(ProbeParams.parse({}), {
    window: 8,
    threshold: 3,
    initial: 2,
    intervalMs: 5000,
    timeoutMs: 2000,
  });
  assert.equal(VARNISH_PROBE_DEFAULTS.expectedStatus, 200);
  assert.equal(ProbeParams.parse({ threshold: 5 }).initial, 4);
  assert.equal(ProbeParams.parse({ threshold: 5, initial: 0 }).initial, 0);
});

test("ProbeParams output parses again to itself (safe to store and re-read)", () => {
  const once = ProbeParams.parse({ window: 16, threshold: 10 });
  assert.deepEqual(ProbeParams.parse(once), once);
});

test("ProbeParams rejects cross-field contradictions with clear messages", () => {
  const messages = (input: unknown) => {
    const parsed = ProbeParams.safeParse(input);
    assert.equal(parsed.success, false);
    return parsed.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];
  };
  assert.deepEqual(messages({ window: 4, threshold: 5 }), [
    "threshold: threshold (5) cannot exceed window (4): the backend could never become healthy",
  ]);
  assert.deepEqual(messages({ window: 4, threshold: 2, initial: 6 }), ["initial: initial (6) cannot exceed window (4)"]);
  assert.deepEqual(messages({ intervalMs: 1000, timeoutMs: 3000 }), ["timeoutMs: timeoutMs (3000) cannot exceed intervalMs (1000)"]);
  assert.match(messages({ window: 65 })[0], /window cannot exceed 64/);
  assert.match(messages({ window: 2.5 })[0], /window must be a whole number/);
  assert.match(messages({ threshold: 0 })[0], /threshold must be at least 1/);
  assert.match(messages({ intervalMs: 10 })[0], /intervalMs must be at least 1000 ms/);
});

test("a new backend starts sick with `initial` good results and one good probe makes it healthy", () => {
  const state = initialHealthState(ProbeParams.parse({}));
  assert.equal(state.history, "00000011");
  assert.equal(healthStatus(state), "sick");
  const update = applyResult(state, true);
  assert.equal(update.status, "healthy");
  assert.deepEqual(update.transition, { from: "sick", to: "healthy" });
  assert.equal(update.state.history, "00000111");
});

test("a healthy backend with window 8 / threshold 3 turns sick only at the 6th failure", () => {
  const allGood = feed(initialHealthState(ProbeParams.parse({})), Array(8).fill(true)).state;
  assert.equal(allGood.history, "11111111");
  const { transitions } = feed(allGood, Array(8).fill(false));
  assert.deepEqual(transitions, [{ at: 5, from: "healthy", to: "sick" }]);
});

test("intermittent failures keep the backend healthy while enough of the window is good", () => {
  const start = initialHealthState(ProbeParams.parse({ initial: 8 }));
  const { state, transitions } = feed(start, [false, true, false, true, false, true, false, true]);
  assert.deepEqual(transitions, []);
  assert.equal(goodResultCount(state), 4);
  assert.equal(healthStatus(state), "healthy");
});

test("results older than the window no longer count", () => {
  const params = ProbeParams.parse({ window: 3, threshold: 2, initial: 0 });
  const { state, transitions } = feed(initialHealthState(params), [true, true, false, false, true]);
  assert.equal(state.history, "001");
  assert.deepEqual(transitions, [
    { at: 1, from: "sick", to: "healthy" },
    { at: 3, from: "healthy", to: "sick" },
  ]);
});

test("no transition is reported while the status holds", () => {
  const state = initialHealthState(ProbeParams.parse({ initial: 8 }));
  const update = applyResult(state, false);
  assert.equal(update.status, "healthy");
  assert.equal(update.transition, undefined);
  assert.equal("transition" in update, false);
});

test("state round-trips through JSON and validates with HealthState", () => {
  const { state } = feed(initialHealthState(ProbeParams.parse({ window: 64, threshold: 10 })), [true, false, true]);
  const restored = HealthState.parse(JSON.parse(JSON.stringify(state)));
  assert.deepEqual(restored, state);
  assert.equal(restored.history.length, 64);
  assert.equal(HealthState.safeParse({ window: 8, threshold: 3, history: "111" }).success, false);
  assert.equal(HealthState.safeParse({ window: 8, threshold: 3, history: "1111x111" }).success, false);
  assert.equal(HealthState.safeParse({ window: 2, threshold: 3, history: "11" }).success, false);
});

test("initial larger than threshold starts healthy; initial equal to window fills the register", () => {
  const state = initialHealthState(ProbeParams.parse({ window: 4, threshold: 2, initial: 4 }));
  assert.equal(state.history, "1111");
  assert.equal(healthStatus(state), "healthy");
});

test("reconfigureHealthState keeps the newest results and pads a wider window with never-probed slots", () => {
  const state: HealthStateType = { window: 4, threshold: 2, history: "0111" };
  assert.deepEqual(reconfigureHealthState(state, { window: 2, threshold: 2 }), { window: 2, threshold: 2, history: "11" });
  assert.deepEqual(reconfigureHealthState(state, { window: 6, threshold: 4 }), { window: 6, threshold: 4, history: "000111" });
});
