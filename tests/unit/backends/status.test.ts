// A backend's one status, row by row: traffic and firing rules beat a passing probe, a sick probe
// beats a stale one, a stale probe is never counted healthy, and every answer says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_STATUS_SETTINGS, deriveBackendStatus, isProbeStale, type StatusInput, type StatusProbe } from "@/lib/backends/status";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const probe = (health: string, lastAtAgoMs: number | null, over: Partial<StatusProbe> = {}): StatusProbe => ({
  enabled: true,
  health,
  intervalMs: 10_000,
  createdAt: new Date(NOW - 3_600_000),
  lastResult: lastAtAgoMs === null ? null : { ok: health !== "sick", at: NOW - lastAtAgoMs },
  ...over,
});
const input = (over: Partial<StatusInput>): StatusInput => ({ probes: [], traffic: { requests: 0, errors5xx: 0 }, firing: [], nowMs: NOW, ...over });
const derive = (over: Partial<StatusInput>) => deriveBackendStatus(input(over));

test("30 % 5xx with a passing probe is failing, and the reason names the traffic", () => {
  const s = derive({ probes: [probe("healthy", 5_000)], traffic: { requests: 200, errors5xx: 60 } });
  assert.equal(s.status, "failing");
  assert.match(s.statusReason, /30 % 5xx of 200 requests in the last 5 minutes \(above 5 %\)/);
});

test("30 % 5xx and no probe at all is failing", () => {
  assert.equal(derive({ traffic: { requests: 100, errors5xx: 30 } }).status, "failing");
});

test("the threshold is strict and needs enough requests", () => {
  assert.equal(derive({ traffic: { requests: 100, errors5xx: 5 } }).status, "healthy"); // exactly 5 %: not above
  assert.equal(derive({ traffic: { requests: 100, errors5xx: 6 } }).status, "failing");
  const few = derive({ traffic: { requests: 19, errors5xx: 19 } });
  assert.equal(few.status, "unknown");
  assert.match(few.statusReason, /only 19 requests .*20 needed/);
  const custom = deriveBackendStatus(input({ traffic: { requests: 10, errors5xx: 2 } }), { ...DEFAULT_STATUS_SETTINGS, minRequests: 10, errorShare: 0.1 });
  assert.equal(custom.status, "failing");
});

test("a firing alert rule makes it failing even with clean traffic", () => {
  const s = derive({ probes: [probe("healthy", 1_000)], traffic: { requests: 500, errors5xx: 0 }, firing: [{ rule: "api p95", reason: "p95 2.1 s above 1 s" }] });
  assert.equal(s.status, "failing");
  assert.match(s.statusReason, /alert rule "api p95" firing \(p95 2.1 s above 1 s\)/);
});

test("a sick probe is sick; traffic that looks fine is mentioned, not trusted over it", () => {
  const s = derive({ probes: [probe("sick", 2_000)], traffic: { requests: 300, errors5xx: 1 } });
  assert.equal(s.status, "sick");
  assert.match(s.statusReason, /Sick by its probe: 1 of 1 probe failing.*0.3 % 5xx of 300 requests/);
});

test("a probe silent for 3 intervals is stale, never healthy", () => {
  const p = probe("healthy", 8 * 60_000);
  assert.equal(isProbeStale(p, NOW), true);
  assert.equal(isProbeStale(probe("healthy", 29_000), NOW), false);
  const s = derive({ probes: [p] });
  assert.equal(s.status, "stale");
  assert.match(s.statusReason, /not reported for 3 intervals \(last result 8 minutes ago\)/);
  // Never run since it was made an hour ago: stale too; a disabled one is not judged.
  assert.equal(derive({ probes: [probe("unknown", null)] }).status, "stale");
  assert.equal(derive({ probes: [probe("healthy", 8 * 60_000, { enabled: false })] }).status, "unknown");
  // A fresh sick probe outranks a stale one; a stale one outranks a fresh healthy one.
  assert.equal(derive({ probes: [p, probe("sick", 1_000)] }).status, "sick");
  assert.equal(derive({ probes: [p, probe("healthy", 1_000)] }).status, "stale");
});

test("a new probe with no verdict yet is unknown, or healthy by enough clean traffic", () => {
  const fresh = probe("unknown", null, { createdAt: new Date(NOW - 5_000) });
  assert.equal(derive({ probes: [fresh] }).status, "unknown");
  const s = derive({ probes: [fresh], traffic: { requests: 40, errors5xx: 0 } });
  assert.equal(s.status, "healthy");
  assert.match(s.statusReason, /Healthy by its traffic: 0 % 5xx of 40 requests.*its probe has no verdict yet/);
  assert.match(derive({}).statusReason, /No probe, and no traffic in the last 5 minutes/);
});
