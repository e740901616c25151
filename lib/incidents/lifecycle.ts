// Incidents from alert transitions, in the transaction that recorded them (so a transition a
// second worker or a restart computes again, which the unique key on alert_transitions drops,
// changes no incident either). One incident per backend outage: a rule instance going firing
// opens one, or joins the backend's open incident; it resolves by itself once every alert in it
// is back to normal (the state machine only says normal after keepFiringFor). A firing after
// resolution opens a new incident linked to the last one. Incidents opened by backfilled
// transitions (late data) are marked so and never page.
import { randomUUID } from "node:crypto";
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson } from "@/lib/db/text";
import { applyIncidentChange } from "@/lib/incidents/change";
import { captureEvidence, causeMix, failedRequests, firstBadMinute } from "@/lib/incidents/evidence";
import { formatDuration, formatPercent } from "@/lib/incidents/format";
import type { AlertStateName } from "@/lib/observations/alert-states";
import { enqueueNotification } from "@/lib/incidents/outbox";

/** Advisory lock class for incident changes per backend (second key: hashtext(backend)). */
export const INCIDENT_LOCK_CLASS = 0x4f57_4943; // "OWIC"

const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

export interface RuleRef {
  id: string;
  name: string;
  severity: string;
}

export interface WrittenTransition {
  instanceKey: string;
  from: AlertStateName;
  to: AlertStateName;
  at: number;
  value: number | null;
  threshold: number | null;
  reason: string | null;
  backfilled: boolean;
  /** A silence covered it: the incident is recorded, nobody is notified (the timeline says which silence). */
  silenced?: boolean;
  silenceId?: string | null;
}

export interface LifecycleOutcome {
  opened: string[];
  resolved: string[];
}

const round = (v: number | null) => (v === null ? "?" : String(Math.round(v * 100) / 100));

function transitionMessage(rule: RuleRef, t: WrittenTransition): string {
  const measured = t.value !== null && t.threshold !== null ? `: ${round(t.value)} against ${round(t.threshold)}` : t.reason ? `: ${t.reason}` : "";
  return `${rule.name} ${t.from} → ${t.to}${measured}`;
}

async function lockBackend(tx: SqlQueryable, backend: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [INCIDENT_LOCK_CLASS, backend]);
}

/** The unresolved incident holding this rule instance, if any. */
async function holdingIncident(tx: SqlQueryable, ruleId: string, key: string): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    `SELECT i.id FROM incident_alerts a JOIN incidents i ON i.id = a.incident_id
     WHERE a.rule_id = $1 AND a.instance_key = $2 AND i.status <> 'resolved' ORDER BY i.opened_at DESC LIMIT 1`,
    [ruleId, key],
  );
  return rows[0]?.id ?? null;
}

async function openIncidentOf(tx: SqlQueryable, backend: string): Promise<{ id: string; severity: string } | null> {
  const rows = await tx.query<{ id: string; severity: string }>(
    `SELECT id, severity FROM incidents WHERE backend = $1 AND status <> 'resolved' ORDER BY opened_at DESC LIMIT 1`,
    [backend],
  );
  return rows[0] ?? null;
}

async function openIncident(tx: SqlQueryable, rule: RuleRef, t: WrittenTransition): Promise<string> {
  const backend = t.instanceKey;
  const firstBad = await firstBadMinute(tx, backend, t.at);
  const causes = await causeMix(tx, backend, firstBad, t.at + 60_000);
  const evidence = await captureEvidence(tx, backend, firstBad, t.at);
  const previous = await tx.query<{ id: string; resolvedAt: number }>(
    `SELECT id, extract(epoch FROM resolved_at) * 1000 AS "resolvedAt" FROM incidents
     WHERE backend = $1 AND status = 'resolved' AND resolved_at <= to_timestamp($2 / 1000.0) ORDER BY resolved_at DESC LIMIT 1`,
    [backend, t.at],
  );
  const prev = previous[0];
  const dominant = causes[0]?.cause ?? null;
  const title = dominant ? `${backend}: 5xx, mostly ${dominant}` : `${backend}: ${rule.name}`;
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO incidents (id, title, status, severity, rule_id, backend, cause, first_bad_at, opened_at, backfilled, previous_id, evidence, demo)
     VALUES ($11, $1, 'open', $2, $3, $4, $5, to_timestamp($6 / 1000.0), to_timestamp($7 / 1000.0), $8, $9, $10::jsonb,
             EXISTS (SELECT 1 FROM backends WHERE name = $4 AND demo))
     RETURNING id`,
    [title, rule.severity, rule.id, backend, dominant, firstBad, t.at, t.backfilled, prev?.id ?? null, pgJson({ ...evidence, causes }), randomUUID()],
  );
  const id = rows[0].id;
  if (firstBad < t.at) {
    await applyIncidentChange(tx, id, {}, { at: firstBad, kind: "first_bad_minute", message: `First minute with 5xx on ${backend}`, data: { backend } });
  }
  const since = prev ? ` (recurred ${formatDuration(t.at - Number(prev.resolvedAt))} after the previous incident resolved)` : "";
  const mix = causes.length > 0 ? `; ${causes.slice(0, 3).map((c) => `${c.cause} ${formatPercent(c.share)}`).join(", ")} of 5xx` : "";
  await applyIncidentChange(tx, id, {}, {
    at: t.at,
    kind: "opened",
    message: `Incident opened on ${backend}${since}${mix}${t.backfilled ? " (from late data: no one was paged)" : ""}`,
    data: { backend, previousId: prev?.id ?? null, backfilled: t.backfilled, causes },
  });
  if (!t.backfilled) await notifyOrSuppress(tx, id, rule, t, { type: "incident.opened" });
  return id;
}

/** The outbox row for a change a transition caused, or, under a silence, the timeline entry saying so. Backfilled transitions never send. */
async function notifyOrSuppress(tx: SqlQueryable, incidentId: string, rule: RuleRef, t: WrittenTransition, what: { type: "incident.opened" | "incident.escalated"; reason?: string }): Promise<void> {
  if (t.backfilled) return;
  if (t.silenced) {
    const rows = t.silenceId ? await tx.query<{ comment: string }>(`SELECT comment FROM silences WHERE id = $1`, [t.silenceId]) : [];
    const name = rows[0] ? `"${rows[0].comment}" (${t.silenceId})` : (t.silenceId ?? "");
    await applyIncidentChange(tx, incidentId, {}, {
      at: t.at,
      kind: "notification_suppressed",
      message: `${what.type} suppressed by silence ${name}`.trim(),
      data: { silenceId: t.silenceId ?? null, type: what.type },
    });
    return;
  }
  await enqueueNotification(tx, { incidentId, type: what.type, ruleId: rule.id, value: t.value, data: what.reason ? { reason: what.reason } : {} });
}

async function resolveIfAllNormal(tx: SqlQueryable, incidentId: string, at: number, backfilled: boolean): Promise<boolean> {
  const rows = await tx.query<{ active: string; backend: string; firstBad: number }>(
    `SELECT (SELECT count(*) FROM incident_alerts WHERE incident_id = i.id AND state <> 'normal') AS active,
            i.backend, extract(epoch FROM i.first_bad_at) * 1000 AS "firstBad"
     FROM incidents i WHERE i.id = $1 AND i.status <> 'resolved'`,
    [incidentId],
  );
  const row = rows[0];
  if (!row || Number(row.active) > 0) return false;
  const failed = await failedRequests(tx, row.backend, Number(row.firstBad), at);
  await applyIncidentChange(tx, incidentId, { status: "resolved", resolved_at: new Date(at), resolved_by: "auto" }, {
    at,
    kind: "resolved",
    message: `Resolved: every alert back to normal after ${formatDuration(at - Number(row.firstBad))}; ${failed} requests failed`,
    data: { durationMs: at - Number(row.firstBad), failedRequests: failed, by: "auto" },
  });
  if (!backfilled) await enqueueNotification(tx, { incidentId, type: "incident.resolved", data: { failedRequests: failed, by: "auto" } });
  return true;
}

/** Applies one rule's newly recorded transitions to incidents (oldest first). */
export async function applyTransitions(tx: SqlQueryable, rule: RuleRef, written: WrittenTransition[]): Promise<LifecycleOutcome> {
  const out: LifecycleOutcome = { opened: [], resolved: [] };
  const sorted = [...written].sort((a, b) => a.at - b.at);
  for (const t of sorted) {
    const key = t.instanceKey;
    // "" collects lines without a backend: not an outage of anything in particular.
    if (key === "") continue;
    await lockBackend(tx, key);
    let incidentId = await holdingIncident(tx, rule.id, key);
    if (!incidentId) {
      if (t.to !== "firing") continue;
      const open = await openIncidentOf(tx, key);
      if (open) {
        incidentId = open.id;
        if ((SEVERITY_RANK[rule.severity] ?? 0) > (SEVERITY_RANK[open.severity] ?? 0)) {
          await tx.query("UPDATE incidents SET severity = $2, updated_at = now() WHERE id = $1", [open.id, rule.severity]);
          await notifyOrSuppress(tx, open.id, rule, t, { type: "incident.escalated", reason: `severity raised to ${rule.severity} by ${rule.name}` });
        }
      } else {
        incidentId = await openIncident(tx, rule, t);
        out.opened.push(incidentId);
      }
    }
    await tx.query(
      `INSERT INTO incident_alerts (incident_id, rule_id, instance_key, state, since) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0))
       ON CONFLICT (incident_id, rule_id, instance_key) DO UPDATE SET state = EXCLUDED.state, since = EXCLUDED.since`,
      [incidentId, rule.id, key, t.to, t.at],
    );
    await applyIncidentChange(tx, incidentId, {}, {
      at: t.at,
      kind: "alert",
      message: transitionMessage(rule, t),
      data: { ruleId: rule.id, rule: rule.name, from: t.from, to: t.to, value: t.value, threshold: t.threshold, backfilled: t.backfilled },
    });
    if (t.to === "normal" && (await resolveIfAllNormal(tx, incidentId, t.at, t.backfilled))) out.resolved.push(incidentId);
  }
  return out;
}
