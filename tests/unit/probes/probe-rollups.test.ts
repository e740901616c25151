// Pure parts of the probe road: minute rollups, the stored register read defensively, and a
// backend's health as the worst of its enabled probes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { probeRollupDeltas } from "@/lib/observations/probe-rollups";
import { storedHealthState } from "@/lib/observations/health-state";
import { firstRunAt } from "@/lib/probes/schedule";
import { bucketIndex } from "@/lib/rollups/histogram";
import { redactConfig, worstHealth } from "@/lib/backends/views";

const MINUTE = Date.UTC(2026, 10, 21, 10, 0);

test("results sum into one delta per minute x probe, failures counted by class", () => {
  const deltas = probeRollupDeltas([
    { probeId: "p", backendId: "b", result: { ok: true, at: MINUTE + 1_000, durationMs: 12 } },
    { probeId: "p", backendId: "b", result: { ok: false, at: MINUTE + 30_000, durationMs: 2000, errorClass: "backend_timeout" } },
    { probeId: "p", backendId: "b", result: { ok: false, at: MINUTE + 59_999, durationMs: 1, errorClass: "connect_refused" } },
    { probeId: "p", backendId: "b", result: { ok: true, at: MINUTE + 60_000, durationMs: 12 } },
  ]);
  assert.equal(deltas.length, 2);
  assert.deepEqual(deltas[0], {
    bucketMs: MINUTE,
    probeId: "p",
    backendId: "b",
    checks: 3,
    failures: 2,
    errorClasses: { backend_timeout: 1, connect_refused: 1 },
    latencyHist: { [bucketIndex(12)]: 1, [bucketIndex(2000)]: 1, [bucketIndex(1)]: 1 },
    latencySumMs: 2013,
  });
  assert.equal(deltas[1]!.bucketMs, MINUTE + 60_000);
});

test("a stored register that is missing, malformed or for other parameters becomes a valid one", () => {
  assert.deepEqual(storedHealthState({}, { window: 4, threshold: 3, initial: 2 }), { window: 4, threshold: 3, history: "0011" });
  assert.deepEqual(storedHealthState({ window: 4, threshold: 3, history: "1011" }, { window: 4, threshold: 3, initial: 2 }).history, "1011");
  assert.deepEqual(storedHealthState({ window: 4, threshold: 3, history: "1011" }, { window: 6, threshold: 3, initial: 2 }), { window: 6, threshold: 3, history: "001011" });
});

test("first runs spread over one interval", () => {
  assert.equal(firstRunAt(1_000, 10_000, () => 0), 1_000);
  assert.equal(firstRunAt(1_000, 10_000, () => 0.999_99), 10_999);
});

test("a backend is as healthy as its worst enabled probe; none means unknown", () => {
  assert.equal(worstHealth([]), "unknown");
  assert.equal(worstHealth([{ health: "healthy", enabled: true }, { health: "unknown", enabled: true }]), "unknown");
  assert.equal(worstHealth([{ health: "healthy", enabled: true }, { health: "sick", enabled: true }]), "sick");
  assert.equal(worstHealth([{ health: "healthy", enabled: true }, { health: "sick", enabled: false }]), "healthy");
  assert.equal(worstHealth([{ health: "sick", enabled: false }]), "unknown");
});

test("secrets in probe configs are hidden from viewers", () => {
  assert.deepEqual(redactConfig({ url: "http://u:pw@h/s", headers: { Authorization: "x" }, tlsVerify: true }), {
    url: "http://u:hidden@h/s",
    headers: { Authorization: "[hidden]" },
    tlsVerify: true,
  });
});
