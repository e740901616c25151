// The backends pages' pure helpers: durations as typed and shown, the add-probe form's reading
// (Varnish defaults, cross-field rules, server paths folded onto inputs) and the chart's rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { durationInput, formatDuration, parseDuration, parseTags } from "@/components/backends/format";
import { PROBE_DEFAULT_INPUTS, foldFields, readProbeForm } from "@/components/backends/probe-input";
import { probeChartData } from "@/components/backends/probe-chart-data";
import type { ProbeResultView } from "@/lib/backends/probe-schemas";

test("durations: bare numbers are ms, units are understood, fractions of a ms are refused", () => {
  assert.deepEqual(parseDuration("3500"), { ok: true, ms: 3500 });
  assert.deepEqual(parseDuration("3.5s"), { ok: true, ms: 3500 });
  assert.deepEqual(parseDuration(" 1.001 S "), { ok: true, ms: 1001 });
  assert.deepEqual(parseDuration("250ms"), { ok: true, ms: 250 });
  assert.deepEqual(parseDuration("2m"), { ok: true, ms: 120_000 });
  assert.deepEqual(parseDuration(""), { ok: true, ms: null });
  assert.equal(parseDuration("0.5ms").ok, false);
  assert.equal(parseDuration("3 parsecs").ok, false);
  assert.equal(durationInput(3500), "3.5s");
  assert.equal(durationInput(250), "250ms");
  assert.equal(durationInput(null), "");
  assert.equal(formatDuration(60_000), "60 s");
  assert.equal(formatDuration(3500), "3.5 s");
  assert.equal(formatDuration(850), "850 ms");
  assert.equal(formatDuration(180_000), "3 min");
  assert.deepEqual(parseTags("php, eu-west,, php\nblue "), ["php", "eu-west", "blue"]);
});

const defaults = {
  "config.url": "http://10.0.0.5:8080/health",
  "config.method": "GET",
  "config.expectedStatus": PROBE_DEFAULT_INPUTS.expectedStatus,
  intervalMs: PROBE_DEFAULT_INPUTS.intervalMs,
  timeoutMs: PROBE_DEFAULT_INPUTS.timeoutMs,
  window: PROBE_DEFAULT_INPUTS.window,
  threshold: PROBE_DEFAULT_INPUTS.threshold,
  initial: PROBE_DEFAULT_INPUTS.initial,
};

test("the add-probe form sends Varnish's defaults as typed", () => {
  const read = readProbeForm("http", { ...defaults, "config.expectedStatus": "200, 300-399" });
  assert.deepEqual(read, {
    ok: true,
    data: {
      kind: "http",
      config: { url: "http://10.0.0.5:8080/health", method: "GET", expectedStatus: [200, "300-399"] },
      intervalMs: 5000,
      timeoutMs: 2000,
      window: 8,
      threshold: 3,
      initial: 2,
    },
  });
});

test("the add-probe form names each bad field in words, before anything is sent", () => {
  const read = readProbeForm("http", { ...defaults, "config.url": "ftp://x", timeoutMs: "6s", threshold: "9" });
  assert.equal(read.ok, false);
  if (read.ok) return;
  assert.match(read.fields["config.url"]!, /http or https/);
  // The cross-field rules wait for the fields themselves to be right.
  const rules = readProbeForm("http", { ...defaults, timeoutMs: "6s", threshold: "9" });
  assert.equal(rules.ok, false);
  if (rules.ok) return;
  assert.match(rules.fields.timeoutMs!, /longer than the interval \(5 s\)/);
  assert.match(rules.fields.threshold!, /exceed the window \(8\)/);
  const tcp = readProbeForm("tcp", { ...defaults, "config.host": "", "config.port": "70000" });
  assert.equal(tcp.ok, false);
  if (!tcp.ok) assert.deepEqual(Object.keys(tcp.fields).sort(), ["config.host", "config.port"]);
});

test("server field paths land on the input they are about", () => {
  assert.deepEqual(foldFields({ "config.expectedStatus.1": "bad range", "config.bodyMatch.value": "empty", threshold: "too big", "config.tlsVerify": "x" }), {
    "config.expectedStatus": "bad range",
    "config.bodyMatch": "empty",
    threshold: "too big",
    "config.url": "x",
  });
});

const result = (at: number, ok: boolean, totalMs: number, errorClass: string | null = null): ProbeResultView => ({
  at: new Date(at).toISOString(),
  ok,
  errorClass,
  status: ok ? 200 : 500,
  durationMs: totalMs,
  phases: { connectMs: 1, firstByteMs: totalMs - 3, totalMs },
  signals: null,
  message: ok ? null : "Expected status 200, got 500",
  summary: null,
});

test("chart rows: one per check when they fit, stacking up to the total; failures marked by class", () => {
  const t0 = Date.UTC(2026, 10, 21, 10, 0, 0);
  const data = probeChartData([result(t0, true, 20), result(t0 + 1000, false, 40, "unexpected_status")], t0 - 60_000, t0 + 60_000);
  assert.equal(data.bucketMs, null);
  assert.deepEqual(data.classes, ["unexpected_status"]);
  const [good, bad] = data.rows;
  assert.equal(good!.connectMs! + good!.firstByteMs! + good!.restMs!, 20);
  assert.deepEqual(good!.marks, {});
  assert.deepEqual(bad!.marks, { unexpected_status: 40 });
  assert.equal(bad!.failed[0]!.status, 500);
});

test("chart rows: more checks than fit are averaged per bucket, empty buckets stay gaps", () => {
  const t0 = Date.UTC(2026, 10, 21, 10, 0, 0);
  const results = Array.from({ length: 500 }, (_, i) => result(t0 + i * 1000, i % 100 !== 0, 10 + (i % 2) * 10, i % 100 === 0 ? "connect_refused" : null));
  const data = probeChartData(results, t0 - 3_600_000, t0 + 600_000);
  assert.equal(data.bucketMs, 15_000);
  const filled = data.rows.filter((r) => r.checks > 0);
  assert.equal(filled.reduce((n, r) => n + r.checks, 0), 500);
  assert.ok(data.rows.some((r) => r.checks === 0 && r.totalMs === null));
  assert.ok(Math.abs(filled[0]!.totalMs! - 220 / 15) < 1e-9); // 8 checks of 10 ms and 7 of 20 ms
  assert.equal(data.rows.reduce((n, r) => n + (r.failed[0]?.count ?? 0), 0), 5);
});
