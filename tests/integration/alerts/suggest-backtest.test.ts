// Suggestions from backends seen in traffic or probes, accepted through the create action as is;
// and backtests over stored minute rollups (7 days of one backend read in one query).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { listSuggestions, readBackendSlos } from "@/lib/alerts/suggestion-data";
import { backtestRule, runBacktest } from "@/lib/alerts/backtest";
import { createBackend, updateBackend } from "@/lib/backends/backends";
import { createProbe } from "@/lib/backends/probes";
import { isAppError } from "@/lib/errors/app-error";
import type { IngestSource } from "@/lib/sources/sources";
import { BACKEND, ingest, lines, nginxSource, owner } from "./support";

const limits = limitsFromRetention({ minuteDays: 30 });
const M = 60_000;
let t: TestDatabase;
let src: IngestSource;
before(async () => {
  t = await freshDatabase("alert-suggest");
  src = await nginxSource(t.db);
});
after(async () => {
  await t?.cleanup();
});

test("backends in traffic get the 5xx rule; one with a first-byte timeout and a probe gets latency and probe rules too", async () => {
  await ingest(t.db, src, lines(Date.now() - 30_000, 200, 5));
  const { backend } = await createBackend(t.db.prisma, owner, { name: "php-pool", timeouts: { firstByteMs: 60_000 } });
  await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.3", port: 80 } });

  const all = await listSuggestions(t.db.sql);
  const byBackend = (name: string) => all.filter((s) => s.scope.backend === name).map((s) => s.kind);
  assert.deepEqual(byBackend(BACKEND), ["error_rate"]);
  assert.deepEqual(byBackend("php-pool"), ["error_rate", "latency", "probe_health"]);
  assert.deepEqual((await listSuggestions(t.db.sql, "php-pool")).map((s) => s.kind), ["error_rate", "latency", "probe_health"], "?backend= narrows");
  assert.deepEqual(await listSuggestions(t.db.sql, "nobody"), []);

  // Accepting is one POST of the suggestion as is; an accepted one is no longer suggested.
  for (const s of await listSuggestions(t.db.sql, "php-pool")) await createRule(t.db.prisma, owner, s, limits);
  assert.deepEqual(await listSuggestions(t.db.sql, "php-pool"), []);
  assert.deepEqual((await listSuggestions(t.db.sql)).map((s) => s.scope.backend), [BACKEND]);
});

test("a backend's SLO, set and cleared through the backends actions, adds and removes its burn-rate suggestion", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "slo-pool", slo: { target: 99.9 } });
  await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.4", port: 80 } });
  assert.deepEqual(backend.slo, { target: 99.9, windowDays: 30 }, "the window defaults to 30 days");
  const burn = async () => (await listSuggestions(t.db.sql, "slo-pool")).filter((s) => s.kind === "burn_rate");
  assert.deepEqual((await burn()).map((s) => s.config), [{ slo: 99.9 }]);

  const updated = await updateBackend(t.db.prisma, owner, backend.id, { slo: { target: 99.5, windowDays: 28 } });
  assert.deepEqual(updated.slo, { target: 99.5, windowDays: 28 });
  const [rule] = await burn();
  assert.equal(rule!.name, "SLO 99.5% burn rate on slo-pool");
  assert.deepEqual(rule!.config.period, "28d");
  assert.deepEqual(await readBackendSlos(t.db.sql), { "slo-pool": { target: 99.5, windowDays: 28 } });
  const created = await createRule(t.db.prisma, owner, rule, limits);
  assert.equal(created.kind, "burn_rate");
  assert.deepEqual(await burn(), [], "accepted: no longer suggested");

  await assert.rejects(updateBackend(t.db.prisma, owner, backend.id, { slo: { target: 100 } }), (e) => isAppError(e) && e.fields?.[0]?.path === "slo.target");
  await assert.rejects(updateBackend(t.db.prisma, owner, backend.id, { slo: { target: 99, windowDays: 0 } }), (e) => isAppError(e) && e.fields?.[0]?.path === "slo.windowDays");
  assert.equal((await updateBackend(t.db.prisma, owner, backend.id, { slo: null })).slo, null, "null removes it");
  assert.deepEqual(await readBackendSlos(t.db.sql), {});
  assert.equal((await updateBackend(t.db.prisma, owner, backend.id, { tags: ["x"] })).slo, null, "a PATCH without slo leaves it");
});

test("a 7-day backtest of one rule on one backend: fired periods, minutes, and the value series from stored rollups", async () => {
  const now = Math.floor(Date.now() / M) * M + 30_000;
  const end = Math.floor(now / M) * M;
  // 7 days and 10 minutes of quiet traffic, then two bursts of 5xx: 3 minutes 2 days ago, 1 minute 1 hour ago.
  await t.db.sql.query(
    `INSERT INTO rollup_minute (bucket, source_id, backend, requests, errors_5xx)
     SELECT to_timestamp(($2::float8 - g * 60000) / 1000.0), $1, 'bt', 100,
            CASE WHEN g BETWEEN 2880 AND 2882 OR g = 60 THEN 40 ELSE 0 END
     FROM generate_series(1, 7 * 1440 + 10) AS g`,
    [src.id, end],
  );
  const rule = { kind: "error_rate" as const, scope: { backend: "bt" }, config: { status: "5xx", above: 5, window: "5m", minRequests: 20 }, for: 0, keepFiringFor: 0 };
  const started = performance.now();
  const got = await backtestRule(t.db, rule, { range: "7d", now });
  const ms = performance.now() - started;
  console.log(`7-day backtest: ${Math.round(ms)} ms (${got.queryMs} ms reading rollups)`);
  assert.equal(got.instances.length, 1);
  const bt = got.instances[0];
  assert.equal(bt.points.length, 7 * 1440);
  assert.equal(got.fired, 2);
  // A 5m window holds a 5xx minute for 5 evaluations: 3 minutes in a row fire 7 minutes, 1 fires 5.
  assert.equal(got.firingMinutes, 12);
  assert.equal(got.summary, "Over the last 7d this rule would have fired 2 times, for 12 minutes in all.");
  assert.deepEqual(bt.firings.map((f) => (f.to - f.from) / M), [7, 5]);
  assert.equal(bt.firings[1].from, end - 59 * M, "the minute starting 60 minutes ago is seen at its end");
  assert.equal(Math.max(...bt.points.map((p) => p.value ?? 0)), 24, "3 x 40 of 500 requests");
  assert.ok(ms < 5_000, `well under the bench's 500 ms target on a quiet machine; here ${ms} ms`);

  const day = await backtestRule(t.db, rule, { range: "24h", now });
  assert.equal(day.fired, 1);
});

test("a backtest sums the latency histograms too (kinds that read the jsonb maps)", async () => {
  await ingest(t.db, src, lines(Date.now() - 3 * M, 200, 25, "lat"));
  const rule = { kind: "latency" as const, scope: { backend: "lat" }, config: { aboveMs: 1, window: "5m", minRequests: 20 }, for: 0, keepFiringFor: 0 };
  const got = await backtestRule(t.db, rule, { range: "24h" });
  const values = got.instances[0].points.flatMap((p) => (p.value === null ? [] : [p.value]));
  assert.ok(values.length > 0 && values.every((v) => v > 1 && v < 100), `p95 of 20 ms answers: ${values.join(", ")}`);
  assert.equal(got.fired, 1);
});

test("the backtest route's input: the rule is checked as POST /rules checks it; probe kinds are refused", async () => {
  const refusal = async (raw: unknown) => {
    const e = await runBacktest(t.db, raw, limits).then(() => undefined, (err: unknown) => err);
    assert.ok(isAppError(e) && e.code === "bad_request", "a 400");
    return (e.fields ?? []).map((f) => f.path);
  };
  assert.deepEqual(await refusal({ rule: { name: "x", kind: "error_rate", config: { above: -1, window: "5m" } }, range: "24h" }), ["rule.config.above"]);
  assert.deepEqual(await refusal({ rule: { name: "x", kind: "error_rate", config: { above: 1, window: "5m" } }, range: "1y" }), ["range"]);
  assert.deepEqual(await refusal({ rule: { name: "x", kind: "probe_health", config: { mode: "sick", checks: 3 } } }), ["rule.kind"]);
  const ok = await runBacktest(t.db, { rule: { name: "x", kind: "error_rate", scope: {}, config: { above: 1, window: "5m" } } }, limits);
  assert.equal(ok.range, "24h");
});
