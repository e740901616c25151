import { test } from "node:test";
import assert from "node:assert/strict";
import { counterDelta } from "@/lib/probes/capacity";
import { configSchemaFor, getProbeKind, isProbeKindId, probeKinds, runProbe } from "@/lib/probes/kinds/registry";
import { PROBE_KIND_IDS, type ProbeContext } from "@/lib/probes/types";

function context(): ProbeContext {
  return { timeoutMs: 1000, signal: new AbortController().signal, now: () => Date.now() };
}

test("every kind id has exactly one registered kind, under its own id", () => {
  assert.deepEqual(Object.keys(probeKinds).sort(), [...PROBE_KIND_IDS].sort());
  for (const id of PROBE_KIND_IDS) assert.equal(getProbeKind(id).id, id);
  assert.ok(isProbeKindId("http"));
  assert.ok(!isProbeKindId("ftp"));
  assert.ok(!isProbeKindId(42));
});

test("configSchemaFor validates API input per kind", () => {
  assert.ok(configSchemaFor("tcp").safeParse({ host: "db", port: 5432 }).success);
  assert.ok(!configSchemaFor("tcp").safeParse({ host: "db" }).success);
  assert.ok(configSchemaFor("varnish_stats").safeParse({ url: "http://cache:6085/stats.json" }).success);
});

test("runProbe turns bad config and unknown kinds into invalid_config without I/O", async () => {
  const unknown = await runProbe("smtp", {}, context());
  assert.equal(unknown.errorClass, "invalid_config");
  assert.equal(unknown.message, 'Unknown probe kind "smtp"');

  const badUrl = await runProbe("http", { url: "http://exa mple.com/" }, context());
  assert.equal(badUrl.ok, false);
  assert.equal(badUrl.errorClass, "invalid_config");
  assert.match(badUrl.message ?? "", /^Invalid http probe config: url: /);

  const badPort = await runProbe("tcp", { host: "db", port: 0 }, context());
  assert.equal(badPort.errorClass, "invalid_config");
  assert.equal(badPort.message, "Invalid tcp probe config: port: port must be 1-65535");
});

test("counterDelta: none on first run, growth normally, the new value after a restart", () => {
  assert.equal(counterDelta(10, undefined, "x"), undefined);
  assert.equal(counterDelta(10, { x: "ten" }, "x"), undefined);
  assert.equal(counterDelta(15, { x: 10 }, "x"), 5);
  assert.equal(counterDelta(3, { x: 10 }, "x"), 3);
});
