// `npm run bench:alerts`: how fast alert rules are evaluated over a big history (issue #10).
// 1. Seeds a fresh PostgreSQL database with SQL (scripts/bench-dashboard/seed.ts's generators):
//    500 backends with 8 days of minute rollups (--minute-days=30 for the figure) and hour rows, one http probe each
//    with an hour of results; then 1,000 rules of mixed kinds (500 error_rate, and 100 each of
//    cause_rate, latency, no_data, probe_health and burn_rate), each scoped to one backend.
// 2. Full evaluation cycles (every rule, every instance, as the 10 s tick runs them): p50/p95 of
//    the wall time, and the database time per cycle (the summed wall time of its statements).
// 3. Ingest to firing: the production server (ORIGINWATCH_WORKER=off) ingests a batch of 503s for
//    one backend; this process evaluates as a separate worker would (LISTEN, pg_notify). p50/p95
//    of the time from the ingest's 202 to the persisted `firing` transition.
// 4. A 7-day backtest of one rule through POST /api/v1/rules/backtest's code (lib/alerts/backtest.ts).
// 5. Incidents (scripts/bench-alerts/incidents.ts, alone: `npm run bench:incidents`): 200 opening
//    at once, and an incident page's read with 2,000 timeline entries.
// Targets: cycle p95 < 1 s; 202 -> firing p95 < 5 s; 7-day backtest < 500 ms; incident read p95 < 200 ms.
// Options: --backends=500 --minute-days=8 --cycles=10 --trials=10 --reps=30 (incident reads). DATABASE_URL (default
// postgresql://postgres@127.0.0.1:5432/postgres): a bench database is created there and dropped.
// NEXT_DIST_DIR (default .next): the server's build folder (built first when the sources changed).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createBenchDatabase } from "./bench-probes/seed";
import { rollupSql, seedSources, seedTheRest, type SeedPlan } from "./bench-dashboard/seed";
import { ROLLUP_COLUMNS } from "@/lib/rollups/day-repair";
import { startBenchServer } from "./bench-dashboard/server";
import { benchIncidents } from "./bench-alerts/incidents";
import { lines } from "../tests/integration/alerts/support";
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import type { Actor } from "@/lib/auth/permissions";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { runBacktest } from "@/lib/alerts/backtest";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";

function option(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return Number(arg ? arg.slice(name.length + 3) : fallback);
}
const BACKENDS = option("backends", 500);
// 30 days (the figure) take ~10 min to seed on a shared 2-core machine; the reads of a
// cycle reach back 3 days (burn rate) and the backtest 7, so 8 days is the default.
const MINUTE_DAYS = option("minute-days", 8);
const CYCLES = option("cycles", 10);
const TRIALS = option("trials", 10);
const INCIDENT_REPS = option("reps", 30);
const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const distDir = process.env.NEXT_DIST_DIR || ".next";
const TSCONFIG = join(import.meta.dirname, "../tsconfig.json");
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const log = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);
const name = (i: number) => `backend-${String(i).padStart(2, "0")}`;
const ms = (v: number) => `${v.toFixed(0)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

/** The executor, adding up the wall time of every statement (in and out of transactions). */
function timing(sql: SqlExecutor): { sql: SqlExecutor; dbMs: () => number; statements: () => number; slowest: () => string[]; reset(): void } {
  let total = 0;
  let count = 0;
  let each: [string, number][] = [];
  const wrap = <Q extends SqlQueryable>(q: Q): Q => ({
    ...q,
    query: async (text: string, params?: unknown[]) => {
      const t0 = performance.now();
      try {
        return await q.query(text, params);
      } finally {
        total += performance.now() - t0;
        count += 1;
        each.push([text.replace(/\s+/g, " ").slice(0, 110), performance.now() - t0]);
      }
    },
  });
  const timed = { ...wrap(sql), transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => sql.transaction((tx) => fn(wrap(tx))) } as SqlExecutor;
  return {
    sql: timed,
    dbMs: () => total,
    statements: () => count,
    slowest: () => [...each].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([q, t]) => `${ms(t)}  ${q}`),
    reset: () => ((total = 0), (count = 0), (each = [])),
  };
}

async function seedData(q: SqlQueryable, plan: SeedPlan): Promise<void> {
  await seedSources(q);
  // Drawing a day of 500 backends' minutes takes a minute or more; the older days are copies of
  // the newest one, shifted (what evaluation reads costs the same; the values repeat daily).
  const newest = plan.endMs - DAY_MS;
  await timed(`rollup_minute, ${plan.backends} backends x 1 day drawn`, () => q.query(rollupSql("rollup_minute"), [newest, plan.endMs, plan.backends, []]));
  await timed(`rollup_minute, ${plan.minuteDays - 1} more days copied`, async () => {
    for (let d = 1; d < plan.minuteDays; d += 5) {
      await q.query(
        `INSERT INTO rollup_minute (bucket, source_id, backend, ${ROLLUP_COLUMNS})
         SELECT bucket - make_interval(days => n), source_id, backend, ${ROLLUP_COLUMNS}
         FROM rollup_minute, generate_series($2::int, $3::int) AS n WHERE bucket >= to_timestamp($1 / 1000.0)`,
        [newest, d, Math.min(plan.minuteDays - 1, d + 4)],
      );
    }
  });
  // Hour rows drawn on their own (no_data reads them to find the last busy hour): the same
  // shapes as the minutes, not their exact sums, which costs nothing here and saves minutes.
  await timed(`rollup_hour, ${plan.backends} backends x ${plan.hourDays} days`, () =>
    q.query(rollupSql("rollup_hour"), [plan.endMs - plan.hourDays * DAY_MS, plan.endMs, plan.backends, []]),
  );
  await timed("backends, probes, probe results", () => seedTheRest(q, plan));
  // Seeded as discovered; ingest names lines logged by address after configured backends only.
  await q.query(`UPDATE backends SET origin = 'manual'`);
  await timed("VACUUM ANALYZE", async () => {
    for (const t of ["rollup_minute", "rollup_hour", "probe_results", "backends", "probes"]) await q.exec(`VACUUM ANALYZE ${t}`);
  });
}

const RULE_BASE = { for: "0s", keepFiringFor: "0s", severity: "warning", channels: [] as string[] };
function ruleFor(i: number): Record<string, unknown>[] {
  const scope = { backend: name(i) };
  const second = [
    { kind: "cause_rate", config: { causes: ["backend_timeout", "connect_refused"], above: 2, window: "5m", minRequests: 20 } },
    { kind: "latency", config: { percentile: "p95", aboveMs: 2000, window: "10m", minRequests: 20 } },
    { kind: "no_data", config: { silentFor: "10m", lookback: "1d" } },
    { kind: "probe_health", config: { mode: "sick", checks: 3 } },
    { kind: "burn_rate", config: { slo: 99.5 } },
  ][i % 5]!;
  return [
    { ...RULE_BASE, name: `5xx ${name(i)}`, kind: "error_rate", scope, config: { status: "5xx", above: 5, window: "5m", minRequests: 20 } },
    { ...RULE_BASE, name: `${second.kind} ${name(i)}`, scope, ...second },
  ];
}

/** POST /api/v1/rules/backtest's own code over 7 days of one backend's minutes, as the rule form asks it. */
async function backtest(sql: SqlQueryable, i: number, now: number): Promise<{ ms: number; queryMs: number; steps: number; fired: number }> {
  const rule = ruleFor(i)[0]!;
  const t0 = performance.now();
  const result = await runBacktest({ sql }, { rule, range: "7d", backend: name(i) }, limitsFromRetention({ minuteDays: 30 }), now);
  return { ms: performance.now() - t0, queryMs: result.queryMs, steps: result.instances[0]?.points.length ?? 0, fired: result.fired };
}

async function main() {
  const started = performance.now();
  const now = Date.now();
  const plan: SeedPlan = {
    backends: BACKENDS,
    minuteDays: MINUTE_DAYS,
    hourDays: MINUTE_DAYS + 1,
    probeHours: 1,
    probeEverySeconds: 30,
    sampleDays: 0,
    endMs: Math.ceil(now / HOUR_MS) * HOUR_MS,
  };
  // The server's build and stop rewrite tsconfig.json (next build's formatting; the bench helper
  // drops the dist folder's types, which the repository's own .next keeps): put it back after.
  const tsconfig = readFileSync(TSCONFIG, "utf8");
  log(`bench:alerts: seeding ${BACKENDS} backends, ${MINUTE_DAYS} days of minute rollups (PostgreSQL)`);
  const bench = await createBenchDatabase(adminUrl);
  let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
  try {
    await seedData(bench.db.sql, plan);
    // Seeded minutes run to the end of the hour; nothing after now, as ingest would have it.
    await bench.db.sql.query(`DELETE FROM rollup_minute WHERE bucket > now()`);
    const [{ rows }] = await bench.db.sql.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM rollup_minute`);
    await timed(`${BACKENDS * 2} rules`, async () => {
      for (let i = 0; i < BACKENDS; i++) for (const r of ruleFor(i)) await createRule(bench.db.prisma, owner, r, limitsFromRetention({ minuteDays: 30 }));
    });

    log("full evaluation cycles");
    const t = timing(bench.db.sql);
    const cycles: { ms: number; dbMs: number; statements: number; instances: number; failed: number }[] = [];
    for (let i = 0; i <= CYCLES; i++) {
      t.reset();
      const t0 = performance.now();
      const report = await evaluateRules(t.sql, { at: Date.now() });
      const cycle = { ms: performance.now() - t0, dbMs: t.dbMs(), statements: t.statements(), instances: report.instances, failed: report.failed };
      log(`  cycle ${i}${i === 0 ? " (warm-up)" : ""}: ${ms(cycle.ms)}, db ${ms(cycle.dbMs)}, ${cycle.statements} statements, ${cycle.instances} instances, ${cycle.failed} failed`);
      if (i > 0) cycles.push(cycle);
    }
    log(`  slowest statements of the last cycle:\n    ${t.slowest().join("\n    ")}`);

    log("ingest to firing, through the server (ORIGINWATCH_WORKER=off; this process listens as a worker)");
    if (TRIALS > 0) server = await startBenchServer({ mode: "postgres", url: bench.url }, distDir);
    const evaluator = startAlertEvaluator({ sql: bench.db.sql });
    await evaluator.listening;
    const format =
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
      "ua=$upstream_addr us=$upstream_status uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time rt=$request_time";
    const made = !server ? undefined : await fetch(`${server.baseUrl}/api/v1/sources`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "bench-ingest", kind: "nginx", format }),
    });
    const { token } = made ? ((await made.json()) as { token: string }) : { token: "" };
    const firing: number[] = [];
    for (let k = 0; k < TRIALS; k++) {
      const i = 100 + k * 7; // backends with a valid address (10.0.i.1), not failing in the seed
      const [{ id }] = await bench.db.sql.query<{ id: string }>(`SELECT id FROM alert_rules WHERE name = $1`, [`5xx ${name(i)}`]);
      const res = await fetch(`${server!.baseUrl}/api/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
        body: lines(Date.now() - 1000, 503, 400, `10.0.${i}.1:8080`).join("\n"),
      });
      const accepted = performance.now();
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      let fired: number | undefined;
      while (performance.now() - accepted < 20_000) {
        const got = await bench.db.sql.query(`SELECT 1 FROM alert_transitions WHERE rule_id = $1 AND to_state = 'firing' AND NOT backfilled`, [id]);
        if (got.length > 0) {
          fired = performance.now() - accepted;
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      log(`  trial ${k} (${name(i)}): ${fired === undefined ? "no firing within 20 s" : ms(fired)}`);
      if (fired !== undefined) firing.push(fired);
    }
    await evaluator.stop();

    log("7-day backtest of one rule");
    const bt = await backtest(bench.db.sql, 3, Date.now());

    const [{ version }] = await bench.db.sql.query<{ version: string }>(`SELECT split_part(version(), ' ', 2) AS version`);
    const cycleMs = cycles.map((c) => c.ms);
    out(`bench:alerts (PostgreSQL ${version}): ${BACKENDS} backends, ${rows.toLocaleString("en")} minute rows (${MINUTE_DAYS} days), ${BACKENDS * 2} rules of 6 kinds`);
    out(`  full evaluation cycle (${cycles.length} runs, ${cycles[0]?.instances ?? 0} instances): p50 ${ms(percentile(cycleMs, 0.5))}, p95 ${ms(percentile(cycleMs, 0.95))}  (target p95 < 1000 ms)`);
    out(`  database time per cycle: p50 ${ms(percentile(cycles.map((c) => c.dbMs), 0.5))} over ${percentile(cycles.map((c) => c.statements), 0.5)} statements`);
    out(
      firing.length === 0
        ? `  ingest 202 -> persisted firing: never within 20 s (${TRIALS} trials)`
        : `  ingest 202 -> persisted firing (${firing.length}/${TRIALS} trials): p50 ${ms(percentile(firing, 0.5))}, p95 ${ms(percentile(firing, 0.95))}  (target p95 < 5000 ms)`,
    );
    out(`  7-day backtest of one error_rate rule (the API's runBacktest; ${bt.steps} minutes replayed, query ${ms(bt.queryMs)}, fired ${bt.fired}x): ${ms(bt.ms)}  (target < 500 ms)`);
  } finally {
    await server?.stop().catch(() => undefined);
    writeFileSync(TSCONFIG, tsconfig);
    await bench.drop();
  }
  log("incidents: 200 opening at once, and one with 2,000 timeline entries (a database of their own)");
  for (const line of await benchIncidents(adminUrl, INCIDENT_REPS)) out(`  ${line}`);
  out(`  run time ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:alerts: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
