import { test } from "node:test";
import assert from "node:assert/strict";
import { interpretVarnishStats, parseVarnishStats } from "@/lib/probes/kinds/varnish-stats";
import { readFixture } from "./fixtures/load";

test("reads the 6.5+ layout (counters nested under \"counters\")", () => {
  const parsed = parseVarnishStats(readFixture("varnishstat-7.json"));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.stats.main, {
    backend_unhealthy: 57,
    backend_busy: 0,
    backend_fail: 112,
    fetch_failed: 169,
    threads_limited: 0,
    sess_dropped: 0,
  });
  assert.equal(parsed.stats.uptime, 1209611);
  assert.deepEqual(
    parsed.stats.backends.map((backend) => backend.name),
    ["boot.app1", "boot.app2"],
  );
});

test("keeps all 64 bits of the happy bitmap (JSON numbers would round them)", () => {
  const parsed = parseVarnishStats(readFixture("varnishstat-7.json"));
  assert.ok(parsed.ok);
  const [app1, app2] = parsed.stats.backends;
  assert.equal(app1.happy, 18446744073709551615n);
  assert.equal(app2.happy, 18446744073709551614n);
  assert.equal(app2.fail, 108);
  assert.equal(app2.unhealthy, 57);
});

test("reads the older flat layout (4.1 to 6.4)", () => {
  const parsed = parseVarnishStats(readFixture("varnishstat-4.1.json"));
  assert.ok(parsed.ok);
  assert.equal(parsed.stats.main.backend_fail, 112);
  assert.deepEqual(parsed.stats.backends, [{ name: "boot.default", happy: 255n, fail: 2, busy: 0, unhealthy: 0 }]);
});

test("reads Varnish 4.0 backend names that carry the address in parentheses", () => {
  const payload = JSON.stringify({
    timestamp: "2016-01-01T00:00:00",
    "MAIN.backend_fail": { type: "MAIN", description: "Backend conn. failures", flag: "a", format: "i", value: 3 },
    "VBE.default(127.0.0.1,,8080).happy": { type: "VBE", ident: "default(127.0.0.1,,8080)", description: "Happy health probes", flag: "b", format: "b", value: 6 },
  });
  const parsed = parseVarnishStats(payload);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.stats.backends, [{ name: "default(127.0.0.1,,8080)", happy: 6n }]);
});

test("deltas against the previous run, per MAIN counter and per backend", () => {
  const previous = {
    "MAIN.backend_fail": 100,
    "MAIN.backend_unhealthy": 57,
    "MAIN.backend_busy": 0,
    "MAIN.fetch_failed": 150,
    "MAIN.threads_limited": 0,
    "MAIN.sess_dropped": 0,
    "VBE.boot.app1.fail": 4,
    "VBE.boot.app2.fail": 96,
  };
  const reading = interpretVarnishStats(readFixture("varnishstat-7.json"), previous);
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals["MAIN.backend_fail.delta"], 12);
  assert.equal(signals["MAIN.fetch_failed.delta"], 19);
  assert.equal(signals["MAIN.backend_unhealthy.delta"], 0);
  assert.equal(signals["VBE.boot.app2.fail.delta"], 12);
  assert.equal(signals["VBE.boot.app1.fail.delta"], 0);
  assert.equal(signals["VBE.boot.app1.last_probe_ok"], true);
  assert.equal(signals["VBE.boot.app2.last_probe_ok"], false);
  assert.equal(signals["VBE.boot.app2.happy"], "0xfffffffffffffffe");
  assert.equal(signals.saturated, false);
  assert.equal(
    summary,
    "Varnish since last probe: 12 backend connection failures; 19 failed fetches; by backend: boot.app2 12 connection failures; latest health probe failed for boot.app2 (2 backends)",
  );
});

test("thread and session limits count as saturation", () => {
  const reading = interpretVarnishStats(readFixture("varnishstat-7.json"), { "MAIN.sess_dropped": 0, "MAIN.threads_limited": 0 });
  assert.ok(reading.ok);
  assert.equal(reading.reading.signals.saturated, false);
  const payload = readFixture("varnishstat-7.json").replace(
    /("MAIN\.threads_limited": \{[^}]*"value": )0/,
    "$14",
  );
  const limited = interpretVarnishStats(payload, { "MAIN.threads_limited": 0 });
  assert.ok(limited.ok);
  assert.equal(limited.reading.signals["MAIN.threads_limited.delta"], 4);
  assert.equal(limited.reading.signals.saturated, true);
});

test("first reading says so and keeps raw counters for the next delta", () => {
  const reading = interpretVarnishStats(readFixture("varnishstat-4.1.json"), undefined);
  assert.ok(reading.ok);
  assert.equal(reading.reading.signals["MAIN.backend_fail"], 112);
  assert.equal(reading.reading.summary, "Varnish: first reading, 1 backend");
});

test("rejects payloads that are not varnishstat -j", () => {
  assert.deepEqual(parseVarnishStats("<html>"), { ok: false, reason: "invalid JSON" });
  assert.deepEqual(parseVarnishStats("[]"), { ok: false, reason: "expected a JSON object" });
  const unrelated = parseVarnishStats('{"status":"ok"}');
  assert.ok(!unrelated.ok);
  assert.match(unrelated.reason, /no MAIN counters/);
});
