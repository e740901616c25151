// The pg_notify payload of a touch: round-trips, skips the sender's own, and stays under
// PostgreSQL's 8000-byte limit by widening (all backends, one covering run), never narrowing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeTouched, encodeTouched, type TouchedMinutes } from "@/lib/observations/published";

const T0 = Date.UTC(2026, 11, 7, 0, 0, 0);
const MIN = 60_000;

test("a touch round-trips between processes; the sender ignores its own", () => {
  const touched: TouchedMinutes = { origin: "requests", backends: ["a", "b"], backendIds: [], minutes: [T0 + 2 * MIN, T0, T0 + MIN, T0 + 9 * MIN] };
  const wire = encodeTouched(touched);
  assert.equal(decodeTouched(wire), null, "this process's own notification");
  const other = decodeTouched(wire, "another process");
  assert.deepEqual(other, { origin: "requests", backends: ["a", "b"], backendIds: [], allBackends: false, minutes: [T0, T0 + MIN, T0 + 2 * MIN, T0 + 9 * MIN] });
  assert.equal(decodeTouched("not json", "x"), null);
});

test("too many backends become all backends; too many separate minutes one run covering them", () => {
  const many: TouchedMinutes = { origin: "requests", backends: Array.from({ length: 2000 }, (_, i) => `backend-${i}.example.com:8080`), backendIds: [], minutes: [T0] };
  const wide = encodeTouched(many);
  assert.ok(wide.length < 8000);
  assert.deepEqual(decodeTouched(wide, "x")?.allBackends, true);
  const scattered: TouchedMinutes = { origin: "probes", backends: [], backendIds: ["p"], minutes: Array.from({ length: 3000 }, (_, i) => T0 + i * 2 * MIN) };
  const runs = encodeTouched(scattered);
  assert.ok(runs.length < 8000);
  const got = decodeTouched(runs, "x")!;
  assert.equal(got.allBackends, true);
  for (const m of scattered.minutes) assert.ok(got.minutes.includes(m), "every touched minute is still covered");
  // A day of consecutive minutes is one run: it travels as sent.
  const day: TouchedMinutes = { origin: "requests", backends: ["a"], backendIds: [], minutes: Array.from({ length: 1440 }, (_, i) => T0 + i * MIN) };
  assert.deepEqual(decodeTouched(encodeTouched(day), "x")?.backends, ["a"]);
});
