// The worker side of evaluation: for each rule, read its data, run the pure kind evaluation and
// state machine per instance, and persist states and transitions in one transaction.
//
// "Once" across workers: each rule is evaluated under a transaction-scoped advisory lock on its
// id (pg_advisory_xact_lock). The lock is taken before the previous states are read, so a second
// worker waits and then starts from the states the first one wrote; it is released by COMMIT or
// ROLLBACK, and by PostgreSQL itself when a worker's connection dies, so no lease has to expire
// and no clock has to agree. Evaluations take milliseconds, so waiting costs little. The unique
// key on transitions backs this up. Embedded: one process, the lock is uncontended.
import type { SqlExecutor } from "@/lib/db/sql";
import { readRuleData } from "@/lib/alerts/data";
import { loadInstances, saveInstances } from "@/lib/alerts/persist";
import { recordTransitions, type InstanceTransition } from "@/lib/alerts/record";
import { loadSilences, type SilenceWindow } from "@/lib/alerts/silences";
import { transition, type InstanceState } from "@/lib/alerts/state-machine";
import { loadEnabledRules, type LoadedRule } from "@/lib/alerts/load-rules";
import { logger } from "@/lib/observability/logger";
import { applyTransitions } from "@/lib/incidents/lifecycle";
import { verifyIncidentSteps } from "@/lib/incidents/verify";
import { countEvaluation } from "@/lib/metrics/counters";
import { batchable } from "@/lib/alerts/batch-data";
import { lockRule, withSilences, type RuleOutcome } from "@/lib/alerts/rule-outcome";
import { BATCH_RULES, evaluateBatch } from "@/lib/alerts/evaluate-batch";

/** Evaluates one rule at event time `at` (for `only` these instances) and persists the outcome. */
export async function evaluateRule(sql: SqlExecutor, rule: LoadedRule, at: number, silences: SilenceWindow[], only?: string[]): Promise<RuleOutcome> {
  const started = performance.now();
  try {
    const outcome = await evaluateRuleOnce(sql, rule, at, silences, only);
    countEvaluation((performance.now() - started) / 1000, false);
    return outcome;
  } catch (error) {
    countEvaluation((performance.now() - started) / 1000, true);
    throw error;
  }
}

function evaluateRuleOnce(sql: SqlExecutor, rule: LoadedRule, at: number, silences: SilenceWindow[], only?: string[]): Promise<RuleOutcome> {
  return sql.transaction(async (tx) => {
    await lockRule(tx, rule.id);
    const previous = await loadInstances(tx, rule.id, only);
    const data = await readRuleData(tx, { scope: rule.scope, needs: rule.condition.needs, at, only }, [...previous.keys()]);
    const states: [string, InstanceState][] = [];
    const transitions: InstanceTransition[] = [];
    for (const [key, instanceData] of data) {
      const evaluation = rule.condition.evaluate(instanceData, at);
      const out = transition(rule.timing, previous.get(key) ?? null, evaluation, at);
      states.push([key, out.state]);
      transitions.push(...withSilences(rule, key, out.transitions, silences));
    }
    await saveInstances(tx, rule.id, states);
    const written = await recordTransitions(tx, rule.id, transitions);
    await applyTransitions(tx, rule, written);
    return { instances: states.length, transitions: written.length };
  });
}

export interface EvaluationReport {
  rules: number;
  instances: number;
  transitions: number;
  failed: number;
}

export interface EvaluateOptions {
  /** Event time of a live evaluation: now. */
  at: number;
  /** Only rules with this origin of data (what a batch touched). */
  origin?: "traffic" | "probes";
  /** Only these instances (backends). */
  only?: string[];
}

/** Evaluates every enabled rule (or those an origin feeds) live at `at`. One failing rule does not stop the others. */
export async function evaluateRules(sql: SqlExecutor, opts: EvaluateOptions): Promise<EvaluationReport> {
  const { rules: loaded, unreadable } = await loadEnabledRules(sql);
  for (const u of unreadable) logger.warn("alert rule skipped", { rule: u.id, name: u.name, problem: u.problem });
  const silences = await loadSilences(sql, opts.at);
  const report: EvaluationReport = { rules: 0, instances: 0, transitions: 0, failed: 0 };
  const rules = loaded.filter((rule) => !opts.origin || rule.condition.needs.instancesFrom === opts.origin);
  const add = (n: number, out: RuleOutcome) => {
    report.rules += n;
    report.instances += out.instances;
    report.transitions += out.transitions;
  };
  // A whole cycle: rules whose reads can be shared go in batches (evaluate-batch.ts).
  const together = opts.only ? [] : rules.filter(batchable);
  for (let i = 0; i < together.length; i += BATCH_RULES) {
    const batch = together.slice(i, i + BATCH_RULES);
    const started = performance.now();
    try {
      add(batch.length, await evaluateBatch(sql, batch, opts.at, silences));
      const seconds = (performance.now() - started) / 1000 / batch.length;
      for (let n = 0; n < batch.length; n++) countEvaluation(seconds, false);
    } catch (error) {
      logger.warn("a batch of alert rules failed; evaluating them one by one", { error });
      await evaluateEach(sql, batch, opts, silences, report);
    }
  }
  await evaluateEach(sql, rules.filter((r) => !together.includes(r)), opts, silences, report);
  // The live tick is also when steps verifiable from the data get checked (lib/incidents/verify.ts).
  if (!opts.origin && !opts.only) {
    await verifyIncidentSteps(sql, opts.at).catch((error: unknown) => logger.error("incident step verification failed", { error }));
  }
  return report;
}

async function evaluateEach(sql: SqlExecutor, rules: LoadedRule[], opts: EvaluateOptions, silences: SilenceWindow[], report: EvaluationReport): Promise<void> {
  for (const rule of rules) {
    try {
      const out = await evaluateRule(sql, rule, opts.at, silences, opts.only);
      report.rules += 1;
      report.instances += out.instances;
      report.transitions += out.transitions;
    } catch (error) {
      report.failed += 1;
      logger.error("alert rule evaluation failed", { rule: rule.id, error });
    }
  }
}
