import { test } from "node:test";
import assert from "node:assert/strict";
import { limitsFromRetention, ruleInputSchema } from "@/lib/alerts/schemas";
import { suggestRules, type BackendFacts } from "@/lib/alerts/suggestions";

const schema = ruleInputSchema(limitsFromRetention({ minuteDays: 30 }));
const backend = (b: Partial<BackendFacts> & { name: string }): BackendFacts => ({ firstByteTimeoutMs: null, hasProbe: false, slo: null, tags: [], ...b });

test("a backend seen only in traffic gets the 5xx rule, with a minimum count", () => {
  const got = suggestRules([backend({ name: "api" })], []);
  assert.deepEqual(got, [
    {
      name: "5xx over 1% on api",
      kind: "error_rate",
      scope: { backend: "api" },
      config: { status: "5xx", above: 1, window: "5m", minRequests: 20 },
      for: "1m",
      keepFiringFor: "5m",
      severity: "critical",
      channels: [],
    },
  ]);
});

test("a known first-byte timeout adds p95 at 80 % of it over 10m; a probe adds sick for 3 checks; an SLO adds burn rate", () => {
  const got = suggestRules([backend({ name: "api", firstByteTimeoutMs: 60_000, hasProbe: true, slo: { target: 99.9, windowDays: 30 } })], []);
  assert.deepEqual(got.map((s) => s.kind), ["error_rate", "latency", "probe_health", "burn_rate"]);
  assert.deepEqual(got[1].config, { percentile: "p95", aboveTimeoutFraction: 0.8, timeout: "firstByte", window: "10m", minRequests: 20 });
  assert.deepEqual(got[2].config, { mode: "sick", checks: 3 });
  assert.deepEqual(got[3].config, { slo: 99.9 });
});

test("every suggestion is a rule input POST /api/v1/rules accepts as is", () => {
  const all = suggestRules([backend({ name: "api", firstByteTimeoutMs: 60_000, hasProbe: true, slo: { target: 99.5, windowDays: 28 } }), backend({ name: "web" })], []);
  assert.equal(all.length, 5);
  for (const s of all) assert.equal(schema.safeParse(s).success, true, JSON.stringify(schema.safeParse(s).error?.issues));
  assert.equal(new Set(all.map((s) => s.name)).size, all.length, "names are unique (the API refuses a taken name)");
});

test("suggestions equivalent to an existing rule are left out; different signals are not", () => {
  const b = backend({ name: "api", firstByteTimeoutMs: 30_000, hasProbe: true, tags: ["php"] });
  const kinds = (existing: Parameters<typeof suggestRules>[1]) => suggestRules([b], existing).map((s) => s.kind);
  assert.deepEqual(kinds([{ kind: "error_rate", scope: {}, config: { above: 5, window: "5m" } }]), ["latency", "probe_health"], "scope {} covers every backend; status defaults to 5xx");
  assert.deepEqual(kinds([{ kind: "error_rate", scope: { backend: "api" }, config: { status: "5xx", above: 2, window: "10m" } }]), ["latency", "probe_health"]);
  assert.deepEqual(kinds([{ kind: "error_rate", scope: { tag: "php" }, config: { status: "5xx", above: 2, window: "10m" } }]), ["latency", "probe_health"]);
  assert.deepEqual(kinds([{ kind: "error_rate", scope: { backend: "other" }, config: { status: "5xx", above: 2, window: "10m" } }]), ["error_rate", "latency", "probe_health"]);
  assert.deepEqual(kinds([{ kind: "error_rate", scope: {}, config: { status: "503", above: 2, window: "10m" } }]), ["error_rate", "latency", "probe_health"], "503 alone is another signal");
  assert.deepEqual(kinds([{ kind: "latency", scope: {}, config: { aboveMs: 500, window: "5m" } }]), ["error_rate", "latency", "probe_health"], "a fixed ms threshold is not the timeout rule");
  assert.deepEqual(kinds([{ kind: "latency", scope: {}, config: { aboveTimeoutFraction: 0.9, window: "5m" } }]), ["error_rate", "probe_health"]);
  assert.deepEqual(kinds([{ kind: "probe_health", scope: { backend: "api" }, config: { mode: "stale", after: "1m" } }]), ["error_rate", "latency", "probe_health"]);
  assert.deepEqual(kinds([{ kind: "probe_health", scope: { backend: "api" }, config: { mode: "sick", sickFor: "1m" } }]), ["error_rate", "latency"]);
});

test("an SLO over another period than 30 days scales the workbook's pairs to spend the same share of its budget", () => {
  const [burn] = suggestRules([backend({ name: "api", slo: { target: 99.5, windowDays: 28 } })], []).filter((s) => s.kind === "burn_rate");
  assert.deepEqual(burn!.config, {
    slo: 99.5,
    period: "28d",
    pairs: [
      { long: "1h", short: "5m", factor: 13.44 },
      { long: "6h", short: "30m", factor: 5.6 },
      { long: "3d", short: "6h", factor: 0.933 },
    ],
  });
  assert.equal(schema.safeParse(burn).success, true, JSON.stringify(schema.safeParse(burn).error?.issues));
});
