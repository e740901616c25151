// Steps that tick themselves: a step whose condition the product can check from its own data
// (probe healthy for 3 minutes, the cause's rate back under the rule's threshold, a deploy after
// the incident opened) is marked done, `auto`, with a "verified by data" timeline entry. Runs on
// the rule-evaluation tick for unresolved incidents and those resolved in the last 15 minutes.
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { applyIncidentChange } from "@/lib/incidents/change";
import { chooseChecklists } from "@/lib/incidents/checklists/choose";
import { templatesInForce } from "@/lib/incidents/checklists/versions";
import type { StepCheck } from "@/lib/incidents/checklists/types";
import { incidentFacts } from "@/lib/incidents/facts";
import { incidentWindow, loadIncidentRow } from "@/lib/incidents/read";
import { MINUTE_MS } from "@/lib/rollups/levels";

const RECENTLY_RESOLVED_MS = 15 * MINUTE_MS;
/** Incidents verified side by side (each in its own transaction, so on its own pooled connection). */
const VERIFY_LANES = 4;
/** Without a percentage rule to compare with, a cause is "back under" below 1 % of requests. */
const DEFAULT_THRESHOLD_PERCENT = 1;

interface Ctx { id: string; backend: string; openedAt: number; until: number }

async function ruleThresholdPercent(q: SqlQueryable, c: Ctx): Promise<number> {
  const rows = await q.query<{ t: number | null }>(
    `SELECT min(ai.threshold) AS t FROM incident_alerts a JOIN alert_rules r ON r.id = a.rule_id
     JOIN alert_instances ai ON ai.rule_id = a.rule_id AND ai.instance_key = a.instance_key
     WHERE a.incident_id = $1 AND r.kind IN ('error_rate', 'cause_rate')`,
    [c.id],
  );
  return rows[0]?.t === null || rows[0]?.t === undefined ? DEFAULT_THRESHOLD_PERCENT : Number(rows[0].t);
}

async function holds(q: SqlQueryable, c: Ctx, check: StepCheck): Promise<boolean> {
  switch (check.kind) {
    case "deploy_after_open": {
      const rows = await q.query(
        `SELECT 1 FROM events WHERE type = 'deploy' AND (backend IS NULL OR backend = $1) AND at > to_timestamp($2 / 1000.0) LIMIT 1`,
        [c.backend, c.openedAt],
      );
      return rows.length > 0;
    }
    case "probe_healthy": {
      const rows = await q.query<{ probes: string; sick: string; recent: string }>(
        `SELECT count(*) AS probes, count(*) FILTER (WHERE p.health <> 'healthy') AS sick,
                (SELECT count(*) FROM health_transitions h WHERE h.backend_id = b.id AND h.at > to_timestamp($2 / 1000.0)) AS recent
         FROM backends b JOIN probes p ON p.backend_id = b.id AND p.enabled WHERE b.name = $1 GROUP BY b.id`,
        [c.backend, c.until - check.minutes * MINUTE_MS],
      );
      const r = rows[0];
      return r !== undefined && Number(r.probes) > 0 && Number(r.sick) === 0 && Number(r.recent) === 0;
    }
    case "cause_below_threshold": {
      const rows = await q.query<{ requests: string | null; bad: string | null }>(
        `SELECT sum(r.requests) AS requests,
                sum((SELECT coalesce(sum(value::bigint), 0) FROM jsonb_each_text(r.cause_counts) WHERE key = ANY($4::text[]))) AS bad
         FROM rollup_minute r WHERE r.backend = $1 AND r.bucket > to_timestamp($2 / 1000.0) AND r.bucket <= to_timestamp($3 / 1000.0)`,
        [c.backend, c.until - 5 * MINUTE_MS, c.until, check.causes],
      );
      const requests = Number(rows[0]?.requests ?? 0);
      if (requests === 0) return false;
      return (Number(rows[0]?.bad ?? 0) / requests) * 100 < (await ruleThresholdPercent(q, c));
    }
  }
}

/** Verifies the steps of one incident; answers how many ticked. */
export async function verifyIncident(tx: SqlQueryable, id: string, now: number): Promise<number> {
  const r = await loadIncidentRow(tx, id);
  const w = incidentWindow(r, now);
  const facts = await incidentFacts(tx, w);
  const chosen = chooseChecklists({ ...facts, causes: facts.causes.length > 0 ? facts.causes : (r.evidence.causes ?? []) }, await templatesInForce(tx, Number(r.createdAt)));
  const done = new Set(
    (await tx.query<{ k: string }>(`SELECT slug || '/' || step_id AS k FROM incident_steps WHERE incident_id = $1 AND done`, [id])).map((x) => x.k),
  );
  const ctx: Ctx = { id, backend: r.backend, openedAt: Number(r.openedAt), until: w.until };
  let ticked = 0;
  for (const c of chosen) {
    for (const step of c.template.steps) {
      if (!step.check || done.has(`${c.template.slug}/${step.id}`) || !(await holds(tx, ctx, step.check))) continue;
      const inserted = await tx.query(
        `INSERT INTO incident_steps (incident_id, slug, step_id, done, auto, done_by_name, done_at) VALUES ($1, $2, $3, true, true, 'Origin Watch', to_timestamp($4 / 1000.0))
         ON CONFLICT (incident_id, slug, step_id) DO UPDATE SET done = true, auto = true, done_by_id = NULL, done_by_name = 'Origin Watch', done_at = EXCLUDED.done_at
         WHERE NOT incident_steps.done RETURNING 1`,
        [id, c.template.slug, step.id, w.until],
      );
      if (inserted.length === 0) continue;
      ticked += 1;
      await applyIncidentChange(tx, id, {}, { at: w.until, kind: "step_verified", message: `Verified by data: ${step.title}`, data: { slug: c.template.slug, stepId: step.id, auto: true } });
    }
  }
  return ticked;
}

export async function verifyIncidentSteps(sql: SqlExecutor, now: number): Promise<number> {
  const ids = await sql.query<{ id: string }>(
    `SELECT id FROM incidents WHERE status <> 'resolved' OR resolved_at > to_timestamp($1 / 1000.0) ORDER BY opened_at LIMIT 200`,
    [now - RECENTLY_RESOLVED_MS],
  );
  let ticked = 0;
  // One transaction per incident, its row locked, so two workers never tick the same step twice.
  // A few incidents at a time: each is a dozen small reads, mostly waiting on round trips, and a
  // tick with a hundred open incidents took seconds one after another.
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const { id } = ids[next++]!;
      ticked += await sql.transaction(async (tx) => {
        await tx.query(`SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE`, [id]);
        return verifyIncident(tx, id, now);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_LANES, ids.length) }, lane));
  return ticked;
}
