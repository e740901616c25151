// The database and cache probes' numbers as chart rows: the highest reading per bucket, gaps where
// no check read them, and a panel for each number issue #16 names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hasReadings, SERVICE_PANELS, signalRows, signalStepMs } from "@/components/backends/service-chart-data";
import type { ProbeResultView } from "@/lib/backends/probe-schemas";

const reading = (at: number, signals: Record<string, number> | null): ProbeResultView => ({
  at: new Date(at).toISOString(),
  ok: signals !== null,
  errorClass: signals === null ? "backend_timeout" : null,
  status: null,
  durationMs: 12,
  phases: null,
  signals,
  message: null,
  summary: null,
});

test("each database and cache kind charts the numbers the issue names", () => {
  const keys = (kind: string) => (SERVICE_PANELS[kind] ?? []).flatMap((p) => p.series.map((s) => s.key));
  for (const kind of ["postgres", "mysql"]) assert.deepEqual(keys(kind), ["lockWaits", "longQueries", "connections", "maxConnections"]);
  assert.deepEqual(keys("redis"), ["connectedClients", "blockedClients", "usedMemory", "maxMemory", "evictionsPerSecond"]);
  assert.deepEqual(keys("memcached"), ["connections", "maxConnections", "evictionsPerSecond"]);
  assert.equal(SERVICE_PANELS.http, undefined);
});

test("rows: one per bucket over the range, the highest reading in it, null where nothing was read", () => {
  const from = Date.UTC(2026, 11, 7, 10, 0);
  const to = from + 3_600_000;
  const step = signalStepMs(from, to);
  assert.equal(step, 10_000);
  const waits = SERVICE_PANELS.postgres![0]!;
  const rows = signalRows(
    [reading(from + 1_000, { lockWaits: 3, longQueries: 0 }), reading(from + 6_000, { lockWaits: 1, longQueries: 2 }), reading(from + 20_000, null), reading(to + 5_000, { lockWaits: 9, longQueries: 9 })],
    waits,
    from,
    to,
    step,
  );
  assert.equal(rows.length, 360);
  assert.deepEqual(rows[0], { t: from, v0: 3, v1: 2 });
  assert.deepEqual(rows[2], { t: from + 20_000, v0: null, v1: null }); // the failed check read nothing
  assert.ok(hasReadings(rows, waits));
  assert.equal(hasReadings(signalRows([], waits, from, to, step), waits), false);
});

test("a day is drawn in one-minute buckets or coarser", () => {
  assert.ok(signalStepMs(0, 24 * 3_600_000) >= 240_000);
});
