// The advisor on synthetic histograms with known tails, and on latencies shaped like the demo's
// backends (lib/demo/scenario.ts: log-normal around each origin's median, the demo's timeouts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { adviseBackend, countAtOrAbove, roomyTimeout, type AdvisorInput } from "@/lib/advisor/findings";
import { duration } from "@/lib/advisor/syntax";
import { DemoRandom } from "@/lib/demo/random";
import { DEMO_BACKENDS } from "@/lib/demo/scenario";
import { createHistogram, recordLatency, type Histogram } from "@/lib/rollups/histogram";

function histogram(parts: [ms: number, count: number][]): Histogram {
  const h = createHistogram();
  for (const [ms, count] of parts) recordLatency(h, ms, count);
  return h;
}

const input = (over: Partial<AdvisorInput>): AdvisorInput => ({
  backendId: "b1",
  backendName: "orders",
  dialect: "vcl",
  firstByteTimeoutMs: null,
  probe: null,
  requestLatency: createHistogram(),
  probeLatency: createHistogram(),
  periodDays: 7,
  ...over,
});

test("a first-byte timeout that cuts 2.3 % of requests is flagged with the share, the new value and the saved requests", () => {
  // 9 770 fast requests, 230 cut at the 1 s timeout (the proxy logs them at about 1 s).
  const requests = histogram([[80, 9_000], [300, 770], [1_000, 230]]);
  for (const dialect of ["vcl", "haproxy", "nginx"] as const) {
    const [finding, ...rest] = adviseBackend(input({ dialect, firstByteTimeoutMs: 1_000, requestLatency: requests }));
    assert.equal(rest.length, 0);
    assert.equal(finding?.kind, "timeout_cuts_tail");
    assert.equal(finding?.severity, "critical");
    assert.equal(finding?.saved.count, 230);
    assert.equal(finding?.saved.unit, "requests");
    assert.ok(Math.abs((finding?.saved.share ?? 0) - 0.023) < 1e-9);
    assert.match(finding?.message ?? "", /2\.3 % of requests took longer than 900ms/);
  }
  const vcl = adviseBackend(input({ firstByteTimeoutMs: 1_000, requestLatency: requests }))[0];
  assert.equal(vcl?.message.startsWith("first_byte_timeout 1s; 2.3 % of requests took longer than 900ms"), true);
  assert.equal(vcl?.change, ".first_byte_timeout = 2s;");
  assert.equal(adviseBackend(input({ dialect: "haproxy", firstByteTimeoutMs: 1_000, requestLatency: requests }))[0]?.change, "timeout server 2s");
  assert.equal(adviseBackend(input({ dialect: "nginx", firstByteTimeoutMs: 1_000, requestLatency: requests }))[0]?.change, "proxy_read_timeout 2s;");
});

test("a thin tail (under 0.1 %) is not a finding", () => {
  const requests = histogram([[80, 99_950], [1_000, 50]]);
  assert.deepEqual(adviseBackend(input({ firstByteTimeoutMs: 1_000, requestLatency: requests })), []);
});

test("a 120 s timeout on a backend that answers in 200 ms is too long: users wait minutes for a 503", () => {
  const requests = histogram([[50, 9_000], [200, 990], [120_000, 10]]);
  // The 10 at the timeout are 0.1 %: a cut tail, reported as such.
  assert.equal(adviseBackend(input({ firstByteTimeoutMs: 120_000, requestLatency: requests }))[0]?.kind, "timeout_cuts_tail");
  const healthy = histogram([[50, 9_000], [200, 1_000]]);
  const [finding] = adviseBackend(input({ dialect: "nginx", nginxModule: "fastcgi", firstByteTimeoutMs: 120_000, requestLatency: healthy }));
  assert.equal(finding?.kind, "timeout_too_long");
  assert.equal(finding?.change, "fastcgi_read_timeout 5s;");
  assert.match(finding?.message ?? "", /waiting 2m for a 503/);
});

test("a probe timeout under the probe's own p99 and a window that trips on one check", () => {
  // 2 % of checks take ~1.2 s against a 1 s timeout; window = threshold: one failure is sick.
  const checks = histogram([[40, 980], [1_200, 20]]);
  const probe = { intervalMs: 5_000, timeoutMs: 1_000, window: 3, threshold: 3 };
  const findings = adviseBackend(input({ probe, probeLatency: checks }));
  const kinds = findings.map((f) => f.kind).sort();
  assert.deepEqual(kinds, ["probe_timeout_below_p99", "sick_on_one_check"]);
  const timeout = findings.find((f) => f.kind === "probe_timeout_below_p99")!;
  assert.equal(timeout.change, ".timeout = 2s;");
  assert.equal(timeout.saved.count, 20);
  assert.equal(timeout.saved.unit, "checks");
  const trip = findings.find((f) => f.kind === "sick_on_one_check")!;
  assert.equal(trip.change, ".window = 5; .threshold = 3;");
  assert.equal(adviseBackend(input({ dialect: "haproxy", probe: { ...probe, window: 5, threshold: 2, fall: 1 }, probeLatency: checks })).find((f) => f.kind === "sick_on_one_check")?.change, "fall 3");
  // Varnish's defaults (8/3) tolerate a slow check.
  assert.equal(adviseBackend(input({ probe: { ...probe, timeoutMs: 2_000, window: 8, threshold: 3 }, probeLatency: checks })).length, 0);
});

test("helpers: counts from a bucket boundary, timeouts with room, durations in proxy syntax", () => {
  assert.equal(countAtOrAbove(histogram([[10, 5], [2_000, 7]]), 1_000), 7);
  assert.equal(roomyTimeout(450), 700);
  assert.equal(roomyTimeout(2_100), 4_000);
  assert.equal(duration(120_000), "2m");
  assert.equal(duration(1_500), "1.5s");
  assert.equal(duration(250), "250ms");
});

test("on the demo's traffic: only media's 60 s read timeout stands out (its origin answers in milliseconds)", () => {
  const rng = new DemoRandom(20_261_121);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const findings = DEMO_BACKENDS.flatMap((b) => {
    const h = createHistogram();
    for (let i = 0; i < 20_000; i++) recordLatency(h, b.medianMs * Math.exp(b.sigma * normal()));
    return adviseBackend(input({ backendId: b.name, backendName: b.name, dialect: b.source === "haproxy" ? "haproxy" : b.source === "nginx" ? "nginx" : "vcl", firstByteTimeoutMs: b.timeouts.firstByteMs, requestLatency: h }));
  });
  assert.deepEqual(findings.map((f) => [f.backendName, f.kind]), [["media", "timeout_too_long"]]);
  assert.equal(findings[0]?.change, "proxy_read_timeout 5s;");
});
