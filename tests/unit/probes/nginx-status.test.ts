import { test } from "node:test";
import assert from "node:assert/strict";
import { interpretNginxStubStatus, parseNginxStubStatus } from "@/lib/probes/kinds/nginx-status";
import { readFixture } from "./fixtures/load";

test("parses stub_status text", () => {
  const parsed = parseNginxStubStatus(readFixture("nginx-stub-status.txt"));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.status, {
    active: 291,
    accepts: 16630948,
    handled: 16630948,
    requests: 31070465,
    reading: 6,
    writing: 179,
    waiting: 106,
  });
});

test("first reading has gauges and counters but no deltas", () => {
  const reading = interpretNginxStubStatus(readFixture("nginx-stub-status.txt"), undefined);
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals.active, 291);
  assert.equal(signals.dropped_total, 0);
  assert.equal(signals.dropped, undefined);
  assert.equal(signals.saturated, false);
  assert.equal(summary, "nginx: 291 active connections (6 reading, 179 writing, 106 waiting)");
});

test("dropped = growth of accepts minus growth of handled since the previous run", () => {
  const payload = "Active connections: 1024 \nserver accepts handled requests\n 5000 4990 9000 \nReading: 0 Writing: 1000 Waiting: 24 \n";
  const reading = interpretNginxStubStatus(payload, { accepts: 4000, handled: 3995, requests: 7000 });
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals["accepts.delta"], 1000);
  assert.equal(signals["handled.delta"], 995);
  assert.equal(signals.dropped, 5);
  assert.equal(signals.dropped_total, 10);
  assert.equal(signals.saturated, true);
  assert.match(summary, /^nginx dropped 5 connections since last probe \(worker_connections limit reached\)/);
});

test("a quiet server reports its request rate", () => {
  const reading = interpretNginxStubStatus(readFixture("nginx-stub-status.txt"), {
    accepts: 16630900,
    handled: 16630900,
    requests: 31070000,
  });
  assert.ok(reading.ok);
  assert.equal(reading.reading.signals.dropped, 0);
  assert.match(reading.reading.summary, /; 465 requests since last probe$/);
});

test("HTML or other text is not stub_status", () => {
  const parsed = parseNginxStubStatus("<html><body><h1>Welcome to nginx!</h1></body></html>");
  assert.deepEqual(parsed, { ok: false, reason: "not an nginx stub_status page" });
});
