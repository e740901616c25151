// What people do to an incident: acknowledge, comment, change status/stage/assignee/summary,
// tick checklist steps. Each is one transaction through applyIncidentChange, so the timeline
// entry (and, later, its notification) lands with the change. Editors and up.
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { AppError } from "@/lib/errors/app-error";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { applyIncidentChange, type IncidentColumns } from "@/lib/incidents/change";
import { failedRequests } from "@/lib/incidents/evidence";
import { formatDuration } from "@/lib/incidents/format";
import { BUILT_IN_CHECKLISTS } from "@/lib/incidents/checklists/catalog";
import { templatesInForce } from "@/lib/incidents/checklists/versions";
import { CommentInput, IncidentPatch, StepInput } from "@/lib/incidents/schemas";
import { enqueueNotification } from "@/lib/incidents/outbox";

export function assertMayWriteIncidents(actor: Actor): void {
  if (!can(actor, "incidents.write")) throw new AppError("forbidden", "Only editors, admins and owners can change incidents.");
}

export function actorName(actor: Actor): string {
  if (actor.kind === "user") return actor.name ?? actor.email;
  if (actor.kind === "token") return `token ${actor.name}`;
  return "cli";
}

const actorId = (actor: Actor) => (actor.kind === "user" ? actor.id : null);

interface Current { status: string; backend: string; firstBadAt: number; stage: string | null }

async function lockIncident(tx: SqlQueryable, id: string): Promise<Current> {
  const rows = await tx.query<Current>(
    `SELECT status, backend, stage, extract(epoch FROM first_bad_at) * 1000 AS "firstBadAt" FROM incidents WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!rows[0]) throw new AppError("not_found", "No such incident.");
  return { ...rows[0], firstBadAt: Number(rows[0].firstBadAt) };
}

export async function acknowledgeIncident(sql: SqlExecutor, actor: Actor, id: string, now = Date.now()): Promise<void> {
  assertMayWriteIncidents(actor);
  await sql.transaction(async (tx) => {
    const cur = await lockIncident(tx, id);
    if (cur.status !== "open") throw new AppError("conflict", `The incident is ${cur.status}; only an open incident can be acknowledged.`);
    await applyIncidentChange(tx, id, { status: "acknowledged", acknowledged_at: new Date(now), acknowledged_by_id: actorId(actor) }, {
      at: now, kind: "acknowledged", message: `Acknowledged by ${actorName(actor)}`, actorId: actorId(actor), actorName: actorName(actor),
    });
    await enqueueNotification(tx, { incidentId: id, type: "incident.acknowledged", data: { by: actorName(actor) } });
  });
}

export async function commentOnIncident(sql: SqlExecutor, actor: Actor, id: string, raw: unknown, now = Date.now()): Promise<void> {
  assertMayWriteIncidents(actor);
  const input = parseInput(CommentInput, raw);
  await sql.transaction(async (tx) => {
    await lockIncident(tx, id);
    await applyIncidentChange(tx, id, {}, { at: now, kind: "comment", message: input.body, actorId: actorId(actor), actorName: actorName(actor) });
  });
}

async function resolveByHand(tx: SqlQueryable, actor: Actor, id: string, cur: Current, now: number): Promise<void> {
  const failed = await failedRequests(tx, cur.backend, cur.firstBadAt, now);
  await applyIncidentChange(tx, id, { status: "resolved", resolved_at: new Date(now), resolved_by: actorName(actor) }, {
    at: now,
    kind: "resolved",
    message: `Resolved by ${actorName(actor)} after ${formatDuration(now - cur.firstBadAt)}; ${failed} requests failed`,
    data: { durationMs: now - cur.firstBadAt, failedRequests: failed, by: actorName(actor) },
    actorId: actorId(actor),
    actorName: actorName(actor),
  });
  await enqueueNotification(tx, { incidentId: id, type: "incident.resolved", data: { failedRequests: failed, by: actorName(actor) } });
  // Alerts still firing stay in this incident's history; a new firing opens a new incident.
  await tx.query(`UPDATE incident_alerts SET state = 'normal' WHERE incident_id = $1`, [id]);
}

export async function updateIncident(sql: SqlExecutor, actor: Actor, id: string, raw: unknown, now = Date.now()): Promise<void> {
  assertMayWriteIncidents(actor);
  const input = parseInput(IncidentPatch, raw);
  await sql.transaction(async (tx) => {
    const cur = await lockIncident(tx, id);
    const who = { actorId: actorId(actor), actorName: actorName(actor) };
    if (input.stage !== undefined && input.stage !== cur.stage) {
      await applyIncidentChange(tx, id, { stage: input.stage }, { at: now, kind: "stage", message: input.stage ? `Stage: ${input.stage}` : "Stage cleared", ...who });
    }
    if (input.assignee !== undefined) {
      let name: string | null = null;
      if (input.assignee !== null) {
        const users = await tx.query<{ name: string }>(`SELECT coalesce(name, email) AS name FROM users WHERE id = $1 AND NOT disabled`, [input.assignee]);
        if (!users[0]) throw new AppError("bad_request", "The assignee is not an active user.", { fields: [{ path: "assignee", message: "unknown user" }] });
        name = users[0].name;
      }
      await applyIncidentChange(tx, id, { assignee_id: input.assignee }, { at: now, kind: "assigned", message: name ? `Assigned to ${name} by ${who.actorName}` : `Unassigned by ${who.actorName}`, data: { assigneeId: input.assignee }, ...who });
    }
    if (input.summary !== undefined) {
      await applyIncidentChange(tx, id, { summary: input.summary }, { at: now, kind: "summary", message: "Summary updated", ...who });
    }
    if (input.status !== undefined && input.status !== cur.status) {
      if (input.status === "resolved") return resolveByHand(tx, actor, id, cur, now);
      if (cur.status === "resolved") throw new AppError("conflict", "A resolved incident stays resolved; a new failure opens a new one.");
      const set: IncidentColumns = input.status === "acknowledged" ? { status: "acknowledged", acknowledged_at: new Date(now), acknowledged_by_id: actorId(actor) } : { status: "open" };
      await applyIncidentChange(tx, id, set, { at: now, kind: input.status === "acknowledged" ? "acknowledged" : "reopened", message: `Status: ${input.status} (${actorName(actor)})`, ...who });
      if (input.status === "acknowledged") await enqueueNotification(tx, { incidentId: id, type: "incident.acknowledged", data: { by: actorName(actor) } });
    }
  });
}

/** The step as the incident knows it: the checklist version in force when its row was created. */
async function templateStep(tx: SqlQueryable, id: string, slug: string, stepId: string): Promise<{ title: string }> {
  const created = await tx.query<{ at: number }>(`SELECT extract(epoch FROM created_at) * 1000 AS at FROM incidents WHERE id = $1`, [id]);
  const template = BUILT_IN_CHECKLISTS.find((c) => c.slug === slug);
  const step = template && (await templatesInForce(tx, Number(created[0]?.at)))(template).steps.find((s) => s.id === stepId);
  if (!step) throw new AppError("not_found", "No such checklist step.");
  return step;
}

export async function setStep(sql: SqlExecutor, actor: Actor, id: string, slug: string, stepId: string, raw: unknown, now = Date.now()): Promise<void> {
  assertMayWriteIncidents(actor);
  const input = parseInput(StepInput, raw);
  await sql.transaction(async (tx) => {
    await lockIncident(tx, id);
    const step = await templateStep(tx, id, slug, stepId);
    await tx.query(
      `INSERT INTO incident_steps (incident_id, slug, step_id, done, auto, done_by_id, done_by_name, done_at, note)
       VALUES ($1, $2, $3, $4, false, $5, $6, to_timestamp($7 / 1000.0), $8)
       ON CONFLICT (incident_id, slug, step_id) DO UPDATE SET done = EXCLUDED.done, auto = false, done_by_id = EXCLUDED.done_by_id,
         done_by_name = EXCLUDED.done_by_name, done_at = EXCLUDED.done_at, note = EXCLUDED.note`,
      [id, slug, stepId, input.done, actorId(actor), actorName(actor), now, input.note ?? null],
    );
    await applyIncidentChange(tx, id, {}, {
      at: now,
      kind: "step",
      message: `${input.done ? "Done" : "Not done"}: ${step.title} (${actorName(actor)})${input.note ? `: ${input.note}` : ""}`,
      data: { slug, stepId, done: input.done },
      actorId: actorId(actor),
      actorName: actorName(actor),
    });
  });
}
