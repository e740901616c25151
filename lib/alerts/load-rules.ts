// Enabled rules, each with its condition compiled from the stored config.
import type { SqlQueryable } from "@/lib/db/sql";
import { compileRule, isRuleKindId } from "@/lib/alerts/kinds/registry";
import type { CompiledCondition } from "@/lib/alerts/kinds/types";
import { RuleScope } from "@/lib/alerts/schemas";
import type { RuleTiming } from "@/lib/alerts/state-machine";

export interface LoadedRule {
  id: string;
  name: string;
  severity: string;
  scope: RuleScope;
  timing: RuleTiming;
  condition: CompiledCondition;
}

export interface LoadedRules {
  rules: LoadedRule[];
  /** Rules whose stored kind or config no longer parses (e.g. written by a newer version). */
  unreadable: { id: string; name: string; problem: string }[];
}

export async function loadEnabledRules(q: SqlQueryable, ids?: string[]): Promise<LoadedRules> {
  const rows = await q.query<{ id: string; name: string; kind: string; scope: unknown; config: unknown; severity: string; forSeconds: number; keepSeconds: number }>(
    `SELECT id, name, kind, scope, config, severity, for_seconds AS "forSeconds", keep_firing_for_seconds AS "keepSeconds"
     FROM alert_rules WHERE enabled AND ($1::text[] IS NULL OR id = ANY($1::text[])) ORDER BY id`,
    [ids ?? null],
  );
  const out: LoadedRules = { rules: [], unreadable: [] };
  for (const r of rows) {
    const scope = RuleScope.safeParse(r.scope);
    if (!isRuleKindId(r.kind) || !scope.success) {
      out.unreadable.push({ id: r.id, name: r.name, problem: `unknown kind ${r.kind} or bad scope` });
      continue;
    }
    try {
      const condition = compileRule(r.kind, r.config);
      out.rules.push({
        id: r.id,
        name: r.name,
        severity: r.severity,
        scope: scope.data,
        timing: { forSeconds: r.forSeconds, keepFiringForSeconds: r.keepSeconds },
        condition,
      });
    } catch {
      out.unreadable.push({ id: r.id, name: r.name, problem: "its config does not parse" });
    }
  }
  return out;
}

/** The longest request window a rule sums (0 for kinds that sum none). */
export const longestWindowSeconds = (rule: LoadedRule): number => Math.max(0, ...rule.condition.needs.windows.map((w) => w.seconds));
