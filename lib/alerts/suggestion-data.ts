// What rule suggestions are built from: the backends seen in traffic (the last 7 days of hour
// rollups) or checked by a probe, with their first-byte timeout and tags, and the rules that exist.
import type { SqlQueryable } from "@/lib/db/sql";
import { RuleScope } from "@/lib/alerts/schemas";
import { suggestRules, type BackendFacts, type ExistingRule, type SuggestedRule } from "@/lib/alerts/suggestions";

/** How far back traffic makes a backend worth a suggestion. */
const SEEN_WITHIN_DAYS = 7;

export async function readBackendFacts(q: SqlQueryable, backend?: string): Promise<BackendFacts[]> {
  const rows = await q.query<{ name: string; firstByteMs: number | null; tags: string[] | null; hasProbe: boolean; sloPercent: number | null; sloDays: number | null }>(
    `WITH seen AS (
       SELECT DISTINCT r.backend AS name FROM rollup_hour r
       WHERE r.bucket > now() - make_interval(days => $2::int) AND r.requests > 0 AND r.backend <> '' AND ($1::text IS NULL OR r.backend = $1)
       UNION
       SELECT b.name FROM backends b WHERE EXISTS (SELECT 1 FROM probes p WHERE p.backend_id = b.id AND p.enabled) AND ($1::text IS NULL OR b.name = $1))
     SELECT s.name, b.first_byte_timeout_ms AS "firstByteMs", b.tags, b.slo_target_percent AS "sloPercent", b.slo_window_days AS "sloDays",
            EXISTS (SELECT 1 FROM probes p WHERE p.backend_id = b.id AND p.enabled) AS "hasProbe"
     FROM seen s LEFT JOIN backends b ON b.name = s.name
     WHERE ($1::text IS NULL OR s.name = $1)
     ORDER BY s.name`,
    [backend ?? null, SEEN_WITHIN_DAYS],
  );
  // A burn-rate rule is suggested only where a person set the backend's SLO: it is a promise to
  // users, and guessing 99.9 % would page on a target nobody agreed to.
  return rows.map((r) => ({
    name: r.name,
    firstByteTimeoutMs: r.firstByteMs,
    hasProbe: Boolean(r.hasProbe),
    slo: r.sloPercent !== null && r.sloDays !== null ? { target: Number(r.sloPercent), windowDays: Number(r.sloDays) } : null,
    tags: r.tags ?? [],
  }));
}

export type BackendSlos = Record<string, { target: number; windowDays: number }>;

/** The backends with an SLO, by name: the rule form's burn-rate defaults. */
export async function readBackendSlos(q: SqlQueryable): Promise<BackendSlos> {
  const rows = await q.query<{ name: string; target: number; days: number }>(
    `SELECT name, slo_target_percent AS target, slo_window_days AS days FROM backends
     WHERE slo_target_percent IS NOT NULL AND slo_window_days IS NOT NULL ORDER BY name`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, { target: Number(r.target), windowDays: Number(r.days) }]));
}

export async function readExistingRules(q: SqlQueryable): Promise<ExistingRule[]> {
  const rows = await q.query<{ kind: string; scope: unknown; config: unknown }>(`SELECT kind, scope, config FROM alert_rules`);
  return rows.map((r) => {
    const scope = RuleScope.safeParse(r.scope);
    // An unreadable scope (a newer version's) is taken as covering nothing.
    return { kind: r.kind, scope: scope.success ? scope.data : { backend: "\u0000" }, config: r.config };
  });
}

/** GET /api/v1/rules/suggestions[?backend=]. */
export async function listSuggestions(q: SqlQueryable, backend?: string): Promise<SuggestedRule[]> {
  const [facts, existing] = [await readBackendFacts(q, backend), await readExistingRules(q)];
  return suggestRules(facts, existing);
}
