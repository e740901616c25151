import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import { parseRequest, pick, rejection } from "./helpers";

test("JSON lines, default mapping: common key names", () => {
  const line = JSON.stringify({ timestamp: "2024-03-01T10:00:00.250Z", status: 502, method: "GET", uri: "/a?b=1", upstream: "api", duration_ms: 12.5, bytes: 157, remote_addr: "203.0.113.7", upstream_status: "502", upstream_connect_time: "-" });
  const request = parseRequest("json", line);
  assert.deepEqual(pick(request, "time", "status", "method", "path", "backend", "totalMs", "bytes", "client"), {
    time: Date.UTC(2024, 2, 1, 10, 0, 0, 250),
    status: 502,
    method: "GET",
    path: "/a?b=1",
    backend: "api",
    totalMs: 12.5,
    bytes: 157,
    client: "203.0.113.7",
  });
  assert.deepEqual(request.evidence.nginxUpstreamStatuses, [502]);
  assert.equal(request.evidence.nginxUpstreamConnectTime, "-");
});

test("JSON lines, default mapping: the first present candidate wins, nested ECS keys, epoch numbers", () => {
  const both = parseRequest("json", JSON.stringify({ "@timestamp": 1709287200, time: 1709287201500, status: 200 }));
  assert.equal(both.time, 1709287201500); // "time" is listed before "@timestamp"
  const ecs = parseRequest("json", JSON.stringify({ "@timestamp": "2024-03-01T10:00:00Z", http: { response: { status_code: 503 }, request: { method: "POST" } } }));
  assert.equal(ecs.status, 503);
  assert.equal(ecs.method, "POST");
  assert.equal(parseRequest("json", '{"ts":1709287200.5,"status":"404"}').time, 1709287200500);
});

test("JSON lines: a custom mapping with dotted paths and literal dotted keys", () => {
  const mapping = JSON.stringify({ time: "ts", status: "status", backend: "upstream.name", path: "req.path", durationMs: "duration_ms", responseFlags: "envoy.flags" });
  const request = parseRequest("json", JSON.stringify({ ts: "2024-03-01T10:00:00Z", status: 504, upstream: { name: "search" }, "req.path": "/q", duration_ms: 30000, envoy: { flags: "UT" } }), mapping);
  assert.deepEqual(pick(request, "status", "backend", "path", "totalMs"), { status: 504, backend: "search", path: "/q", totalMs: 30000 });
  assert.equal(request.evidence.envoyFlags, "UT");
});

test("JSON lines: mapping errors name the key", () => {
  assert.throws(() => compileFormat("json", JSON.stringify({ time: "ts", stauts: "status" })), (error: unknown) => {
    assert.ok(error instanceof FormatError);
    assert.equal(error.specifier, "stauts");
    assert.match(error.message, /^unknown mapping key "stauts" at position \d+ in JSON field mapping$/);
    return true;
  });
  assert.throws(() => compileFormat("json", JSON.stringify({ status: 5 })), (error: unknown) => error instanceof FormatError && error.specifier === "status");
  assert.throws(() => compileFormat("json", JSON.stringify({ status: [] })), (error: unknown) => error instanceof FormatError && error.specifier === "status");
  assert.throws(() => compileFormat("json", "{oops"), FormatError);
});

test("JSON lines: bad lines are rejected with a reason", () => {
  assert.match(rejection("json", "not json"), /expected a JSON object/);
  assert.match(rejection("json", '{"status": 200'), /invalid JSON/);
  assert.match(rejection("json", '{"status": 200}'), /no time/);
  assert.match(rejection("json", '{"time": "yesterday", "status": 200}'), /time is not a time/);
  assert.match(rejection("json", '{"time": 1709287200, "status": "ok"}'), /status is not a status code/);
  assert.match(rejection("json", "[1,2]"), /expected a JSON object/);
});

test("JSON lines: keys of the prototype are never read", () => {
  const mapping = JSON.stringify({ time: "t", status: "s", backend: "constructor.name" });
  const request = parseRequest("json", '{"t":1709287200,"s":200,"__proto__":{"polluted":1}}', mapping);
  assert.equal(request.backend, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("json: where two targets fill one field, the one later in the mapping's target order wins (seconds over ms)", () => {
  const mapping = JSON.stringify({ time: "t", status: "s", upstreamConnectMs: "a", upstreamConnectTime: "b", durationMs: "d", durationSeconds: "ds" });
  const line = '{"t":"2024-03-01T10:00:00Z","s":200,"a":5,"b":"0.100","d":7,"ds":0.25}';
  for (const lean of [false, true]) {
    const outcome = compileFormat("json", mapping, { lean }).parse(line);
    assert.ok(outcome.ok && outcome.kind === "request");
    assert.equal(outcome.request.upstreamConnectMs, 100);
    assert.equal(outcome.request.totalMs, 250);
  }
});
