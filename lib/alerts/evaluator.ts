// Runs rule evaluation in the background work of a process: right after observations commit
// (lib/observations publishes the backends and minutes a batch touched; those rules and
// instances are evaluated at once, late minutes replayed), and on the periodic tick the worker
// drives (lib/worker/background.ts) for what time alone changes (no data, `for` and
// `keepFiringFor` expiring). On PostgreSQL, batches other processes commit arrive the same way
// through LISTEN (lib/observations/published.ts), within the gather delay. Runs never overlap in a process;
// across processes the per-rule lock in evaluate-rules.ts orders them.
import type { SqlExecutor } from "@/lib/db/sql";
import { listenToOtherProcesses, onObservationsCommitted, type TouchedMinutes } from "@/lib/observations/published";
import { evaluateRule, evaluateRules, type EvaluationReport } from "@/lib/alerts/evaluate-rules";
import { loadEnabledRules } from "@/lib/alerts/load-rules";
import { replayLateMinutes } from "@/lib/alerts/replay";
import { loadSilences } from "@/lib/alerts/silences";
import { logger } from "@/lib/observability/logger";

export interface AlertEvaluatorOptions {
  sql: SqlExecutor;
  /** Touches arriving within this long are evaluated together (default 200 ms). */
  gatherMs?: number;
  now?: () => number;
}

export interface AlertEvaluator {
  /** Resolves once this evaluator listens for other processes' batches (PostgreSQL; at once embedded). */
  listening: Promise<void>;
  /** Evaluates every enabled rule now (the periodic tick). */
  tick(): Promise<EvaluationReport | undefined>;
  /** Resolves once every run queued so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface Pending {
  /** `all`: another process touched more backends than a notification names. */
  traffic: { backends: Set<string>; minutes: Set<number>; all: boolean };
  probes: { backendIds: Set<string>; minutes: Set<number>; all: boolean };
}

const emptyPending = (): Pending => ({
  traffic: { backends: new Set(), minutes: new Set(), all: false },
  probes: { backendIds: new Set(), minutes: new Set(), all: false },
});

/** Every backend with traffic in the minutes' span (a notification that named too many to list). */
async function backendsWithTraffic(sql: SqlExecutor, minutes: number[]): Promise<string[]> {
  if (minutes.length === 0) return [];
  const rows = await sql.query<{ backend: string }>(
    `SELECT DISTINCT backend FROM rollup_minute WHERE bucket >= to_timestamp($1 / 1000.0) AND bucket <= to_timestamp($2 / 1000.0)`,
    [Math.min(...minutes), Math.max(...minutes)],
  );
  return rows.map((r) => r.backend);
}

async function backendNames(sql: SqlExecutor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<{ name: string }>("SELECT name FROM backends WHERE id = ANY($1::text[])", [ids]);
  return rows.map((r) => r.name);
}

/** Evaluates the rules a batch fed: live for its backends, and replays minutes the live window has left behind. */
async function evaluateTouched(sql: SqlExecutor, origin: "traffic" | "probes", backends: string[], minutes: number[], now: number): Promise<EvaluationReport> {
  const report: EvaluationReport = { rules: 0, instances: 0, transitions: 0, failed: 0 };
  if (backends.length === 0) return report;
  const { rules } = await loadEnabledRules(sql);
  const silences = await loadSilences(sql, Math.min(now, ...minutes));
  const touched = new Set(backends);
  for (const rule of rules) {
    if (rule.condition.needs.instancesFrom !== origin) continue;
    // A rule scoped to one backend the batch did not touch has nothing new to see.
    if (rule.scope.backend !== undefined && !touched.has(rule.scope.backend)) continue;
    try {
      const live = await evaluateRule(sql, rule, now, silences, backends);
      const replayed = origin === "traffic" ? await replayLateMinutes(sql, rule, backends, minutes, now, silences) : 0;
      report.rules += 1;
      report.instances += live.instances;
      report.transitions += live.transitions + replayed;
    } catch (error) {
      report.failed += 1;
      logger.error("alert rule evaluation failed", { rule: rule.id, error });
    }
  }
  return report;
}

export function startAlertEvaluator(opts: AlertEvaluatorOptions): AlertEvaluator {
  const now = opts.now ?? Date.now;
  const gatherMs = opts.gatherMs ?? 200;
  let chain: Promise<unknown> = Promise.resolve();
  let pending = emptyPending();
  let gatherTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const enqueue = <T>(run: () => Promise<T>): Promise<T | undefined> => {
    const next = chain.then(run).catch((error: unknown) => {
      logger.error("alert evaluation failed", { error });
      return undefined;
    });
    chain = next;
    return next;
  };

  const flushTouched = () => {
    gatherTimer = undefined;
    const p = pending;
    pending = emptyPending();
    return enqueue(async () => {
      const at = now();
      const minutes = [...p.traffic.minutes];
      const trafficBackends = p.traffic.all ? await backendsWithTraffic(opts.sql, minutes) : [...p.traffic.backends];
      const traffic = await evaluateTouched(opts.sql, "traffic", trafficBackends, minutes, at);
      const probeBackends = p.probes.all
        ? (await opts.sql.query<{ name: string }>("SELECT name FROM backends")).map((r) => r.name)
        : await backendNames(opts.sql, [...p.probes.backendIds]);
      const probes = await evaluateTouched(opts.sql, "probes", probeBackends, [...p.probes.minutes], at);
      if (traffic.transitions + probes.transitions > 0) logger.info("alert transitions after new observations", { traffic, probes });
    });
  };

  const touchedBy = (touched: TouchedMinutes) => {
    if (stopped) return;
    if (touched.origin === "requests") {
      touched.backends.forEach((b) => pending.traffic.backends.add(b));
      touched.minutes.forEach((m) => pending.traffic.minutes.add(m));
      pending.traffic.all ||= touched.allBackends === true;
    } else {
      touched.backendIds.forEach((b) => pending.probes.backendIds.add(b));
      touched.minutes.forEach((m) => pending.probes.minutes.add(m));
      pending.probes.all ||= touched.allBackends === true;
    }
    gatherTimer ??= setTimeout(() => void flushTouched(), gatherMs).unref();
  };
  const unsubscribe = onObservationsCommitted(touchedBy);
  // A lost connection only delays: the periodic tick still evaluates every rule.
  const unlisten = listenToOtherProcesses(opts.sql, touchedBy).then((stop) => {
    if (opts.sql.listen) logger.info("alert evaluation listens for batches other processes commit");
    return stop;
  }, (error: unknown) => {
    logger.error("cannot listen for other processes' observations; evaluating on the tick only", { error });
    return async () => undefined;
  });

  return {
    listening: unlisten.then(() => undefined),
    tick: () => enqueue(() => evaluateRules(opts.sql, { at: now() })),
    idle: async () => {
      if (gatherTimer) {
        clearTimeout(gatherTimer);
        await flushTouched();
      }
      await chain;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      await (await unlisten)();
      if (gatherTimer) clearTimeout(gatherTimer);
      await chain;
    },
  };
}
