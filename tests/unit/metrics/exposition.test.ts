// The exposition format, read back by a strict parser: escaping, HELP/TYPE, histograms; and the
// counters' mapping of a batch's counts (status classes, causes, latency buckets).
import { test } from "node:test";
import assert from "node:assert/strict";
import { histogramSamples, renderExposition } from "@/lib/metrics/exposition";
import { countTraffic, processCounters, statusClass } from "@/lib/metrics/counters";
import { bucketIndex } from "@/lib/rollups/histogram";
import { metricsConfig } from "@/lib/config/env";
import { addressAllowed } from "@/lib/metrics/access";
import { parseExposition, sampleValue } from "../../helpers/prometheus";

test("label values and help text are escaped; the parser reads them back as written", () => {
  const nasty = 'a "quoted"\\back\nslash';
  const text = renderExposition([
    { name: "x_total", type: "counter", help: "help with \\ and\nnewline", samples: [{ labels: { backend: nasty }, value: 3 }] },
    { name: "y", type: "histogram", help: "h", samples: histogramSamples({ backend: "b" }, [1, 0, 2], [0.1, 1, 10], 4.5, 4) },
  ]);
  assert.match(text, /^# HELP x_total help with \\\\ and\\nnewline$/m);
  assert.match(text, /^x_total\{backend="a \\"quoted\\"\\\\back\\nslash"\} 3$/m);
  const parsed = parseExposition(text);
  assert.equal(sampleValue(parsed, "x_total", { backend: nasty }), 3);
  assert.equal(sampleValue(parsed, "y_bucket", { backend: "b", le: "0.1" }), 1);
  assert.equal(sampleValue(parsed, "y_bucket", { backend: "b", le: "10" }), 3);
  assert.equal(sampleValue(parsed, "y_bucket", { backend: "b", le: "+Inf" }), 4);
  assert.equal(sampleValue(parsed, "y_sum", { backend: "b" }), 4.5);
});

test("the parser rejects what a scraper would", () => {
  assert.throws(() => parseExposition('x 1\n'), /before its TYPE/);
  assert.throws(() => parseExposition('# TYPE x gauge\nx{a="1} 1\n'), /unterminated|bad/);
  assert.throws(() => parseExposition('# TYPE x gauge\nx 1\nx 2\n'), /duplicate/);
  assert.throws(() => parseExposition('# TYPE x counter\nx 1\n'), /_total/);
  assert.throws(() => renderExposition([{ name: "bad-name", type: "gauge", help: "", samples: [] }]), /bad metric name/);
});

test("a batch's counts land as status classes, causes and latency buckets; nothing is ever subtracted", () => {
  const c = processCounters();
  c.backends.delete("unit-b");
  const hist = { [bucketIndex(3)]: 5, [bucketIndex(200)]: 2, [bucketIndex(120_000)]: 1 };
  countTraffic({
    origin: "requests",
    backends: ["unit-b"],
    backendIds: [],
    minutes: [0],
    traffic: [{ backend: "unit-b", requests: 9, statusCounts: { "200": 5, "503": 3 }, causeCounts: { backend_timeout: 2, origin_5xx: 1, refused: -1 }, latencyHist: hist, latencyCount: 8, latencySumMs: 120_415 }],
  });
  const b = c.backends.get("unit-b")!;
  assert.deepEqual(Object.fromEntries(b.byStatusClass), { "2xx": 5, "5xx": 3, other: 1 });
  assert.deepEqual(Object.fromEntries(b.errorsByCause), { backend_timeout: 2, origin_5xx: 1 }, "a negative correction is not counted");
  // 3 ms <= 5 ms bound; 200 ms <= 250 ms; 120 s is past the last bound (only in +Inf / count).
  assert.equal(b.latencyBuckets[0], 5);
  assert.equal(b.latencyBuckets[5], 2);
  assert.equal(b.latencyBuckets.reduce((x, y) => x + y, 0), 7);
  assert.equal(b.latencyCount, 8);
  assert.equal(statusClass("0"), "other");
});

test("METRICS_ALLOW: CIDR blocks and bare addresses, IPv4-mapped IPv6 counts as IPv4; junk is a config error", () => {
  const list = metricsConfig({ METRICS_ALLOW: "10.0.0.0/8, 192.0.2.7, ::1/128" }).allow;
  assert.equal(addressAllowed(list, "10.20.30.40"), true);
  assert.equal(addressAllowed(list, "::ffff:10.1.2.3"), true);
  assert.equal(addressAllowed(list, "192.0.2.7"), true);
  assert.equal(addressAllowed(list, "192.0.2.8"), false);
  assert.equal(addressAllowed(list, "::1"), true);
  assert.equal(addressAllowed(list, null), false);
  assert.equal(addressAllowed(list, "not an ip"), false);
  assert.deepEqual(metricsConfig({}).allow, []);
  assert.throws(() => metricsConfig({ METRICS_ALLOW: "10.0.0.0/33" }), /METRICS_ALLOW/);
  assert.throws(() => metricsConfig({ METRICS_ALLOW: "example.com" }), /METRICS_ALLOW/);
});
