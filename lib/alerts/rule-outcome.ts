// What the one-rule evaluation (evaluate-rules.ts) and the batched one (evaluate-batch.ts) share:
// the per-rule advisory lock, the silencing of transitions and the count they report. Its own
// file so the batched path needs nothing from evaluate-rules.ts, which calls it.
import type { SqlQueryable } from "@/lib/db/sql";
import type { LoadedRule } from "@/lib/alerts/load-rules";
import type { InstanceTransition } from "@/lib/alerts/record";
import { silenceCovers, silenceMatches, type SilenceWindow } from "@/lib/alerts/silences";
import type { transition } from "@/lib/alerts/state-machine";

/** Advisory lock class for rule evaluation (the second key is hashtext(rule id)). */
export const RULE_LOCK_CLASS = 0x4f57_4152; // "OWAR"

export async function lockRule(tx: SqlQueryable, ruleId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [RULE_LOCK_CLASS, ruleId]);
}

/** Marks each transition silenced when a silence matching its rule and instance covers its time (naming the silence, for the incident's timeline). */
export function withSilences(rule: LoadedRule, key: string, transitions: ReturnType<typeof transition>["transitions"], silences: SilenceWindow[]): InstanceTransition[] {
  const target = { ruleId: rule.id, ruleName: rule.name, backend: key, source: rule.scope.source ?? null, severity: rule.severity };
  return transitions.map((t) => {
    const silence = silences.find((s) => silenceMatches(s, target) && silenceCovers(s, t.at));
    return { ...t, instanceKey: key, silenced: silence !== undefined, silenceId: silence?.id ?? null };
  });
}

export interface RuleOutcome {
  instances: number;
  transitions: number;
}
