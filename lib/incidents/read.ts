// Incidents as the API and pages show them: the list, and one incident with its timeline,
// checklists and kept evidence.
import type { SqlQueryable } from "@/lib/db/sql";
import { AppError } from "@/lib/errors/app-error";
import { chooseChecklists, stepDetail, type ChosenChecklist } from "@/lib/incidents/checklists/choose";
import { templatesInForce } from "@/lib/incidents/checklists/versions";
import { incidentFacts, type IncidentWindow } from "@/lib/incidents/facts";
import { buildTimeline, cacheCollapseEntries, causeMixChanges, dependencyEntries, eventEntries, healthEntries, latencyCrossings, type StoredEntry } from "@/lib/incidents/timeline";
import type { ChecklistView, IncidentDetail, IncidentQuery, IncidentSummary } from "@/lib/incidents/schemas";
import type { CauseShare, IncidentEvidence } from "@/lib/incidents/evidence";

interface IncidentRow {
  id: string;
  title: string;
  status: IncidentSummary["status"];
  stage: IncidentSummary["stage"];
  severity: string;
  backend: string;
  firstBadAt: number;
  openedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  assigneeId: string | null;
  assigneeName: string | null;
  summary: string | null;
  backfilled: boolean;
  previousId: string | null;
  demo: boolean;
  /** Wall clock of the row's creation: the checklist versions in force then are the incident's. */
  createdAt: number;
  evidence: IncidentEvidence & { causes?: CauseShare[] };
}

const COLUMNS = `i.id, i.title, i.status, i.stage, i.severity, i.backend, extract(epoch FROM i.first_bad_at) * 1000 AS "firstBadAt",
  extract(epoch FROM i.opened_at) * 1000 AS "openedAt", extract(epoch FROM i.acknowledged_at) * 1000 AS "acknowledgedAt",
  extract(epoch FROM i.resolved_at) * 1000 AS "resolvedAt", i.assignee_id AS "assigneeId", coalesce(u.name, u.email) AS "assigneeName",
  i.summary, i.backfilled, i.previous_id AS "previousId", i.demo, extract(epoch FROM i.created_at) * 1000 AS "createdAt"`;

const num = (v: number | null) => (v === null ? null : Number(v));
const iso = (v: number | null) => (v === null ? null : new Date(Number(v)).toISOString());

function toSummary(r: IncidentRow, causes: CauseShare[], now: number): IncidentSummary {
  const end = num(r.resolvedAt) ?? now;
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    stage: r.stage,
    severity: r.severity,
    firstBadAt: new Date(Number(r.firstBadAt)).toISOString(),
    openedAt: new Date(Number(r.openedAt)).toISOString(),
    acknowledgedAt: iso(r.acknowledgedAt),
    resolvedAt: iso(r.resolvedAt),
    durationMs: Math.max(0, end - Number(r.firstBadAt)),
    backends: [r.backend],
    causes,
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? r.assigneeId } : null,
    summary: r.summary,
    backfilled: r.backfilled,
    previousId: r.previousId,
    demo: r.demo,
  };
}

/** Incidents, unresolved first, then newest first. Cause mix as kept when each opened. */
export async function listIncidents(q: SqlQueryable, query: IncidentQuery, now = Date.now()): Promise<IncidentSummary[]> {
  const rows = await q.query<IncidentRow>(
    `SELECT ${COLUMNS}, i.evidence FROM incidents i LEFT JOIN users u ON u.id = i.assignee_id
     WHERE ($1::text IS NULL OR i.status = $1) AND ($2::text IS NULL OR i.backend = $2)
       AND ($3::float8 IS NULL OR coalesce(i.resolved_at, now()) >= to_timestamp($3 / 1000.0))
       AND ($4::float8 IS NULL OR i.first_bad_at <= to_timestamp($4 / 1000.0))
     ORDER BY (i.status = 'resolved'), i.opened_at DESC LIMIT $5`,
    [query.status ?? null, query.backend ?? null, query.from ?? null, query.to ?? null, query.limit],
  );
  return rows.map((r) => toSummary(r, r.evidence.causes ?? [], now));
}

export async function loadIncidentRow(q: SqlQueryable, id: string): Promise<IncidentRow> {
  const rows = await q.query<IncidentRow>(`SELECT ${COLUMNS}, i.evidence FROM incidents i LEFT JOIN users u ON u.id = i.assignee_id WHERE i.id = $1`, [id]);
  if (!rows[0]) throw new AppError("not_found", "No such incident.");
  return rows[0];
}

export const incidentWindow = (r: IncidentRow, now: number): IncidentWindow => ({ backend: r.backend, firstBadAt: Number(r.firstBadAt), until: num(r.resolvedAt) ?? now });

interface StepRow { slug: string; stepId: string; done: boolean; auto: boolean; doneBy: string | null; doneAt: number | null }

export function checklistViews(chosen: ChosenChecklist[], progress: StepRow[], stacks: Parameters<typeof stepDetail>[2]): ChecklistView[] {
  const state = new Map(progress.map((p) => [`${p.slug}/${p.stepId}`, p]));
  return chosen.map((c) => ({
    slug: c.template.slug,
    title: c.template.title,
    reason: c.reason,
    causes: c.causes,
    steps: c.template.steps.map((s) => {
      const p = state.get(`${c.template.slug}/${s.id}`);
      return {
        id: s.id,
        title: s.title,
        detail: stepDetail(s.detail, s.commands, stacks),
        done: p?.done ?? false,
        doneBy: p?.done ? p.doneBy : null,
        doneAt: p?.done ? iso(p.doneAt) : null,
        auto: p?.done ? p.auto : false,
        verifiable: s.check !== undefined,
      };
    }),
  }));
}

export async function stepProgress(q: SqlQueryable, id: string): Promise<StepRow[]> {
  return q.query<StepRow>(
    `SELECT slug, step_id AS "stepId", done, auto, done_by_name AS "doneBy", extract(epoch FROM done_at) * 1000 AS "doneAt" FROM incident_steps WHERE incident_id = $1`,
    [id],
  );
}

export async function getIncident(q: SqlQueryable, id: string, now = Date.now()): Promise<IncidentDetail> {
  const r = await loadIncidentRow(q, id);
  const w = incidentWindow(r, now);
  const facts = await incidentFacts(q, w);
  const stored = await q.query<StoredEntry>(
    `SELECT extract(epoch FROM at) * 1000 AS at, kind, message, data, actor_name AS "actorName" FROM incident_events WHERE incident_id = $1 ORDER BY at, id`,
    [id],
  );
  const derived = [
    ...healthEntries(facts.health),
    ...dependencyEntries(facts.dependencies),
    ...causeMixChanges(facts.series, w.firstBadAt),
    ...cacheCollapseEntries(facts.series, w.firstBadAt),
    ...latencyCrossings(facts.series, facts.timeoutMs, w.firstBadAt - 30 * 60_000),
    ...eventEntries(facts.events, w.firstBadAt),
  ];
  const timeline = buildTimeline(r.backend, stored.map((s) => ({ ...s, at: Number(s.at) })), derived);
  const causes = facts.causes.length > 0 ? facts.causes : (r.evidence.causes ?? []);
  const checklists = checklistViews(chooseChecklists({ ...facts, causes }, await templatesInForce(q, Number(r.createdAt))), await stepProgress(q, id), facts.stacks);
  return {
    ...toSummary(r, causes, now),
    timeline,
    checklists,
    chart: {
      timeoutMs: facts.timeoutMs,
      points: facts.series.map((p) => ({ at: new Date(p.at).toISOString(), requests: p.requests, errors5xx: p.errors5xx, p95Ms: p.p95Ms })),
    },
    evidence: { samples: r.evidence.samples ?? [], probes: r.evidence.probes ?? [] },
  };
}

export interface OpenIncidentStrip {
  id: string;
  backend: string;
  firstBadAt: string;
  severity: string;
  status: string;
  peakErrorRate: number;
  dominantCause: string | null;
  nearestEvent: { type: string; title: string; minutesBefore: number } | null;
}

/** The overview's strip: each unresolved incident with its peak 5xx rate, dominant cause and nearest event before it. */
export async function openIncidentStrip(q: SqlQueryable): Promise<OpenIncidentStrip[]> {
  const rows = await q.query<{ id: string; backend: string; firstBadAt: number; severity: string; status: string; cause: string | null; peak: number | null; eventType: string | null; eventTitle: string | null; eventAt: number | null }>(
    `SELECT i.id, i.backend, extract(epoch FROM i.first_bad_at) * 1000 AS "firstBadAt", i.severity, i.status, i.cause,
       (SELECT max(e5 * 1.0 / nullif(req, 0)) FROM (SELECT sum(errors_5xx) AS e5, sum(requests) AS req FROM rollup_minute r
          WHERE r.backend = i.backend AND r.bucket >= i.first_bad_at GROUP BY r.bucket) m) AS peak,
       e.type AS "eventType", e.title AS "eventTitle", extract(epoch FROM e.at) * 1000 AS "eventAt"
     FROM incidents i
     LEFT JOIN LATERAL (SELECT type, title, at FROM events ev WHERE (ev.backend IS NULL OR ev.backend = i.backend)
        AND ev.at <= i.first_bad_at + interval '1 minute' AND ev.at >= i.first_bad_at - interval '30 minutes' ORDER BY ev.at DESC LIMIT 1) e ON true
     WHERE i.status <> 'resolved' ORDER BY i.opened_at DESC LIMIT 20`,
  );
  return rows.map((r) => ({
    id: r.id,
    backend: r.backend,
    firstBadAt: new Date(Number(r.firstBadAt)).toISOString(),
    severity: r.severity,
    status: r.status,
    peakErrorRate: Number(r.peak ?? 0),
    dominantCause: r.cause,
    nearestEvent: r.eventType && r.eventTitle && r.eventAt !== null
      ? { type: r.eventType, title: r.eventTitle, minutesBefore: Math.max(0, Math.round((Number(r.firstBadAt) - Number(r.eventAt)) / 60_000)) }
      : null,
  }));
}

/** Unresolved incidents, for the overview strip and the navigation count. */
export async function openIncidentCount(q: SqlQueryable): Promise<number> {
  const rows = await q.query<{ n: string }>(`SELECT count(*) AS n FROM incidents WHERE status <> 'resolved'`);
  return Number(rows[0]?.n ?? 0);
}
