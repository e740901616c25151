import { test } from "node:test";
import assert from "node:assert/strict";
import { interpretPhpFpmStatus, parsePhpFpmStatus } from "@/lib/probes/kinds/phpfpm";
import { readFixture } from "./fixtures/load";

test("parses the ?json status page of a saturated pool", () => {
  const parsed = parsePhpFpmStatus(readFixture("phpfpm-status.json"));
  assert.ok(parsed.ok);
  assert.equal(parsed.status.pool, "www");
  assert.equal(parsed.status["listen queue"], 7);
  assert.equal(parsed.status["active processes"], 24);
  assert.equal(parsed.status["idle processes"], 0);
  assert.equal(parsed.status["max children reached"], 143);
  assert.equal(parsed.status["slow requests"], 18);
});

test("parses the plain-text page, ignoring the per-process blocks of ?full", () => {
  const parsed = parsePhpFpmStatus(readFixture("phpfpm-status-full.txt"));
  assert.ok(parsed.ok);
  assert.equal(parsed.status["process manager"], "ondemand");
  assert.equal(parsed.status["total processes"], 4);
  assert.equal(parsed.status["slow requests"], 2);
});

test("first reading reports totals since the pool started (no delta yet)", () => {
  const reading = interpretPhpFpmStatus(readFixture("phpfpm-status.json"), undefined);
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals.max_children_reached, 143);
  assert.equal(signals["max_children_reached.delta"], undefined);
  assert.equal(signals.listen_queue, 7);
  assert.equal(signals.saturated, true, "requests are waiting in the listen queue");
  assert.equal(
    summary,
    "PHP-FPM pool www has hit max_children 143 times since it started; 7 requests waiting in the listen queue (24 of 24 processes busy)",
  );
});

test("max children reached becomes a delta against the previous run", () => {
  const previous = { max_children_reached: 131, slow_requests: 18, accepted_conn: 1800000 };
  const reading = interpretPhpFpmStatus(readFixture("phpfpm-status.json"), previous);
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals["max_children_reached.delta"], 12);
  assert.equal(signals["slow_requests.delta"], 0);
  assert.equal(signals["accepted_conn.delta"], 22311);
  assert.match(summary, /^PHP-FPM pool www hit max_children 12 times since last probe; 7 requests waiting/);
});

test("a restarted pool (counter went down) counts everything since the restart", () => {
  const reading = interpretPhpFpmStatus(readFixture("phpfpm-status.json"), { max_children_reached: 5000 });
  assert.ok(reading.ok);
  assert.equal(reading.reading.signals["max_children_reached.delta"], 143);
});

test("an idle pool is not saturated and says so plainly", () => {
  const payload = readFixture("phpfpm-status-full.txt");
  const reading = interpretPhpFpmStatus(payload, { max_children_reached: 0, slow_requests: 2 });
  assert.ok(reading.ok);
  assert.equal(reading.reading.signals.saturated, false);
  assert.equal(reading.reading.summary, "PHP-FPM pool www: 1 of 4 processes busy, listen queue empty");
});

test("anything else is rejected with a reason", () => {
  for (const payload of ["", "<html>502 Bad Gateway</html>", "{not json", '{"pool":"www"}', "[1,2]"]) {
    const parsed = parsePhpFpmStatus(payload);
    assert.equal(parsed.ok, false, payload);
  }
  const missing = parsePhpFpmStatus('{"pool":"www","process manager":"static"}');
  assert.ok(!missing.ok);
  assert.match(missing.reason, /not a PHP-FPM status page \(field "accepted conn"/);
});
