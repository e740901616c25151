import { test } from "node:test";
import assert from "node:assert/strict";
import { compileRule } from "@/lib/alerts/kinds/registry";
import { toSparse } from "@/lib/rollups/sparse";
import { createHistogram, recordLatency } from "@/lib/rollups/histogram";
import { data, probe } from "./support";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 30);

test("error_rate: percentage above the threshold, never judged under minRequests, nodata without requests", () => {
  const rule = compileRule("error_rate", { status: "5xx", above: 5, window: "5m", minRequests: 20 });
  assert.deepEqual(rule.needs.windows.map((w) => w.seconds), [300]);
  assert.deepEqual(rule.evaluate(data({ 300: { requests: 100, errors5xx: 6 } }), NOW), { kind: "result", condition: true, value: 6, threshold: 5 });
  assert.equal(rule.evaluate(data({ 300: { requests: 100, errors5xx: 5 } }), NOW).kind === "result", true);
  const few = rule.evaluate(data({ 300: { requests: 2, errors5xx: 2 } }), NOW);
  assert.ok(few.kind === "result" && !few.condition && few.value === 100 && /fewer than the 20/.test(few.reason ?? ""));
  assert.equal(rule.evaluate(data(), NOW).kind, "nodata");
  const one = compileRule("error_rate", { status: "502", above: 1, window: "1m", minRequests: 0 });
  assert.deepEqual(one.needs.maps, ["status"]);
  const r = one.evaluate(data({ 60: { requests: 10, errors5xx: 5, statusCounts: { "502": 2, "503": 3 } } }), NOW);
  assert.ok(r.kind === "result" && r.condition && r.value === 20);
});

test("cause_rate: share of requests or count per minute for the named causes", () => {
  const share = compileRule("cause_rate", { causes: ["backend_timeout", "connect_refused"], above: 10, window: "5m", minRequests: 0 });
  const d = data({ 300: { requests: 50, causeCounts: { backend_timeout: 4, connect_refused: 2, backend_error: 40 } } });
  assert.deepEqual(share.evaluate(d, NOW), { kind: "result", condition: true, value: 12, threshold: 10 });
  const rate = compileRule("cause_rate", { causes: ["backend_error"], perMinute: 7, window: "5m" });
  assert.deepEqual(rate.evaluate(d, NOW), { kind: "result", condition: true, value: 8, threshold: 7 });
});

test("latency: p95 against a value, or against a fraction of the backend's first-byte timeout", () => {
  const h = createHistogram();
  recordLatency(h, 50, 90);
  recordLatency(h, 900, 10);
  const d = data({ 600: { requests: 100, latencyHist: toSparse(h) } }, { timeouts: { connectMs: 3500, firstByteMs: 1000, betweenBytesMs: null } });
  const abs = compileRule("latency", { percentile: "p95", aboveMs: 500, window: "10m" }).evaluate(d, NOW);
  assert.ok(abs.kind === "result" && abs.condition && Math.abs(abs.value - 900) / 900 < 0.05);
  const frac = compileRule("latency", { aboveTimeoutFraction: 0.8, window: "10m" }).evaluate(d, NOW);
  assert.ok(frac.kind === "result" && frac.condition && frac.threshold === 800);
  const unknown = compileRule("latency", { aboveTimeoutFraction: 0.8, timeout: "betweenBytes", window: "10m" }).evaluate(d, NOW);
  assert.ok(unknown.kind === "error" && /between-bytes timeout is not known/.test(unknown.reason));
});

test("probe_health: consecutive failures, sick for a duration, stale results", () => {
  const checks = compileRule("probe_health", { mode: "sick", checks: 3 });
  assert.equal(checks.needs.probeResults, 3);
  const failing = data({}, { probes: [probe({ recent: [true, false, false, false] })] });
  assert.deepEqual(checks.evaluate(failing, NOW), { kind: "result", condition: true, value: 3, threshold: 3 });
  const flapping = data({}, { probes: [probe({ recent: [false, false, true, false] })] });
  assert.ok(checks.evaluate(flapping, NOW).kind === "result" && !(checks.evaluate(flapping, NOW) as { condition: boolean }).condition);
  const sickFor = compileRule("probe_health", { mode: "sick", sickFor: "2m" });
  const sick = data({}, { probes: [probe({ health: "sick", sickSince: NOW - 150_000 })] });
  assert.ok((sickFor.evaluate(sick, NOW) as { condition: boolean }).condition);
  const stale = compileRule("probe_health", { mode: "stale", after: "1m" });
  assert.ok((stale.evaluate(data({}, { probes: [probe({ lastCheckAt: NOW - 61_000 })] }), NOW) as { condition: boolean }).condition);
  assert.equal(stale.evaluate(data(), NOW).kind, "nodata");
});

test("capacity: the highest reading of a signal within the window", () => {
  const rule = compileRule("capacity", { signal: "listen_queue", probeKind: "phpfpm", above: 0, window: "5m" });
  const d = data({}, {
    capacity: [
      { at: NOW - 400_000, probeKind: "phpfpm", signals: { listen_queue: 50 } },
      { at: NOW - 60_000, probeKind: "phpfpm", signals: { listen_queue: 3 } },
      { at: NOW - 30_000, probeKind: "phpfpm", signals: { listen_queue: 0 } },
    ],
  });
  assert.deepEqual(rule.evaluate(d, NOW), { kind: "result", condition: true, value: 3, threshold: 0 });
  assert.equal(rule.evaluate(data(), NOW).kind, "nodata");
});

test("no_data: silence since the last minute with traffic", () => {
  const rule = compileRule("no_data", { silentFor: "10m" });
  assert.deepEqual(rule.evaluate(data({}, { lastRequestAt: NOW - 11 * 60_000 }), NOW), { kind: "result", condition: true, value: 660, threshold: 600 });
  assert.ok(!(rule.evaluate(data({}, { lastRequestAt: NOW - 60_000 }), NOW) as { condition: boolean }).condition);
  assert.ok(!(rule.evaluate(data(), NOW) as { condition: boolean }).condition, "a backend never seen is not silent");
});

test("burn_rate: a pair holds only when both windows burn past its factor; any pair fires the rule", () => {
  const rule = compileRule("burn_rate", { slo: 99.9 });
  assert.deepEqual(rule.needs.windows.map((w) => w.seconds), [3600, 300, 21_600, 1800, 259_200, 21_600]);
  // 2 % errors = 20x burn on a 99.9 % SLO.
  const burning = (ratio: number, requests = 10_000) => ({ requests, errors5xx: Math.round(ratio * requests) });
  const longOnly = data({ 3600: burning(0.02), 300: burning(0.001), 21_600: burning(0.002), 1800: burning(0.001), 259_200: burning(0.0005) });
  const r1 = rule.evaluate(longOnly, NOW);
  assert.ok(r1.kind === "result" && !r1.condition, "the short window has stopped burning: no page");
  const both = data({ 3600: burning(0.02), 300: burning(0.03), 21_600: burning(0.002), 1800: burning(0.001), 259_200: burning(0.0005) });
  const r2 = rule.evaluate(both, NOW);
  assert.ok(r2.kind === "result" && r2.condition && r2.threshold === 14.4 && r2.value === 20, JSON.stringify(r2));
  const slow = data({ 3600: burning(0.002), 300: burning(0.002), 21_600: burning(0.007), 1800: burning(0.008), 259_200: burning(0.0005) });
  const r3 = rule.evaluate(slow, NOW);
  assert.ok(r3.kind === "result" && r3.condition && r3.threshold === 6, "the 6h/30m pair fires on its own");
  assert.equal(rule.evaluate(data(), NOW).kind, "nodata");
});
