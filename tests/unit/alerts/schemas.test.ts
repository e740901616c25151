import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "@/lib/alerts/durations";
import { limitsFromRetention, ruleInputSchema } from "@/lib/alerts/schemas";

const schema = ruleInputSchema(limitsFromRetention({ minuteDays: 30 }));
const contract = {
  name: "5xx over 5%",
  kind: "error_rate",
  scope: {},
  config: { status: "5xx", above: 5, window: "5m", minRequests: 20 },
  for: "0s",
  keepFiringFor: "2m",
  severity: "critical",
  channels: ["ch_1"],
};
const issues = (input: unknown) => {
  const r = schema.safeParse(input);
  assert.equal(r.success, false, "the input is refused");
  return r.error!.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

test("durations read and print in one unit", () => {
  assert.equal(parseDuration("30s"), 30);
  assert.equal(parseDuration("5m"), 300);
  assert.equal(parseDuration("1h"), 3600);
  assert.equal(parseDuration("3d"), 259_200);
  for (const bad of ["", "5", "1h30m", "-5m", "5 minutes", "1.5h"]) assert.equal(parseDuration(bad), null, bad);
  assert.deepEqual([0, 30, 90, 300, 3600, 5400, 86_400 * 3].map(formatDuration), ["0s", "30s", "90s", "5m", "1h", "90m", "3d"]);
});

test("the issue's example rule is accepted as written", () => {
  const rule = schema.parse(contract);
  assert.equal(rule.kind, "error_rate");
  assert.equal(rule.for, 0);
  assert.equal(rule.keepFiringFor, 120);
  assert.deepEqual(rule.channels, ["ch_1"]);
  assert.deepEqual(rule.config, contract.config, "the config is kept as submitted");
});

test("a negative threshold, an unknown cause id and a too-long window are each named by path", () => {
  assert.deepEqual(issues({ ...contract, config: { ...contract.config, above: -1 } }), [{ path: "config.above", message: "above cannot be negative." }]);
  const cause = issues({ ...contract, kind: "cause_rate", config: { causes: ["backend_timeout", "gremlins"], above: 1, window: "5m" } });
  assert.equal(cause.length, 1);
  assert.equal(cause[0].path, "config.causes.1");
  assert.match(cause[0].message, /unknown cause id/);
  const long = issues({ ...contract, config: { ...contract.config, window: "31d" } });
  assert.deepEqual(long.map((i) => i.path), ["config.window"]);
  assert.match(long[0].message, /longer than the 30d of minute rollups kept/);
  const pairs = issues({ ...contract, kind: "burn_rate", config: { slo: 99.9, pairs: [{ long: "40d", short: "1h", factor: 1 }] } });
  assert.deepEqual(pairs.map((i) => i.path), ["config.pairs.0.long"]);
});

test("several bad fields answer together; scope names at most one selector", () => {
  const all = issues({
    ...contract,
    name: "",
    severity: "loud",
    for: "soon",
    scope: { backend: "a", tag: "b" },
    runbookUrl: "ftp://x",
    config: { ...contract.config, above: -1 },
  });
  assert.deepEqual(all.map((i) => i.path).sort(), ["config.above", "for", "name", "runbookUrl", "scope", "severity"]);
  assert.ok(all.every((i) => i.message.length > 10));
  assert.deepEqual(issues({ ...contract, kind: "page_me" }).map((i) => i.path), ["kind"]);
  assert.deepEqual(issues({ ...contract, extra: 1 }).map((i) => i.path), [""]);
});

test("each kind's config: exactly-one-of thresholds, defaults filled", () => {
  assert.deepEqual(issues({ ...contract, kind: "latency", config: { window: "10m" } }).map((i) => i.path), ["config.aboveMs"]);
  assert.ok(schema.safeParse({ ...contract, kind: "latency", config: { aboveTimeoutFraction: 0.8, window: "10m" } }).success);
  assert.ok(schema.safeParse({ ...contract, kind: "probe_health", config: { mode: "sick", checks: 3 } }).success);
  assert.deepEqual(issues({ ...contract, kind: "probe_health", config: { mode: "sick" } }).map((i) => i.path), ["config.checks"]);
  assert.ok(schema.safeParse({ ...contract, kind: "capacity", config: { signal: "listen_queue", above: 0 } }).success);
  assert.ok(schema.safeParse({ ...contract, kind: "no_data", config: { silentFor: "10m" } }).success);
  assert.ok(schema.safeParse({ ...contract, kind: "burn_rate", config: { slo: 99.9 } }).success);
  assert.deepEqual(issues({ ...contract, kind: "burn_rate", config: { slo: 100 } }).map((i) => i.path), ["config.slo"]);
});
