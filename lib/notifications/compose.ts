// Messages worth reading, composed from the incident as it is when the message leaves the outbox:
// what broke, on which backend, since when, the dominant cause in words, the first checklist step
// and a link (from NEXTAUTH_URL). Resolutions carry duration and impact.
import type { SqlQueryable } from "@/lib/db/sql";
import { chooseChecklists } from "@/lib/incidents/checklists/choose";
import { templatesInForceAt, type TemplateResolver } from "@/lib/incidents/checklists/versions";
import type { CauseShare } from "@/lib/incidents/evidence";
import { eventsAroundMany, sickBackends, type IncidentEventRow } from "@/lib/incidents/facts";
import { formatDuration, formatPercent } from "@/lib/incidents/format";
import { severityWord, type MessageType, type NotificationPayload } from "@/lib/notifications/message";
import { causeWords } from "@/lib/notifications/words";

export interface IncidentForMessage {
  id: string;
  title: string;
  status: "open" | "acknowledged" | "resolved";
  severity: string;
  backend: string;
  ruleId: string | null;
  firstBadAt: number;
  openedAt: number;
  resolvedAt: number | null;
  createdAt: number;
  backfilled: boolean;
  causes: CauseShare[];
  acknowledgedBy: string | null;
}

/** The incidents of a round, by id, in one read; ids that no longer exist are absent. */
export async function loadIncidentsForMessage(q: SqlQueryable, ids: string[]): Promise<Map<string, IncidentForMessage>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<Omit<IncidentForMessage, "causes"> & { evidence: { causes?: CauseShare[] } }>(
    `SELECT i.id, i.title, i.status, i.severity, i.backend, i.rule_id AS "ruleId", i.backfilled, i.evidence,
            extract(epoch FROM i.first_bad_at) * 1000 AS "firstBadAt", extract(epoch FROM i.opened_at) * 1000 AS "openedAt",
            extract(epoch FROM i.resolved_at) * 1000 AS "resolvedAt", extract(epoch FROM i.created_at) * 1000 AS "createdAt",
            coalesce(u.name, u.email) AS "acknowledgedBy"
     FROM incidents i LEFT JOIN users u ON u.id = i.acknowledged_by_id WHERE i.id = ANY($1::text[])`,
    [[...new Set(ids)]],
  );
  return new Map(
    rows.map(({ evidence, ...r }) => [
      r.id,
      {
        ...r,
        firstBadAt: Number(r.firstBadAt),
        openedAt: Number(r.openedAt),
        resolvedAt: r.resolvedAt === null ? null : Number(r.resolvedAt),
        createdAt: Number(r.createdAt),
        causes: evidence?.causes ?? [],
      },
    ]),
  );
}

export async function loadIncidentForMessage(q: SqlQueryable, id: string): Promise<IncidentForMessage | null> {
  return (await loadIncidentsForMessage(q, [id])).get(id) ?? null;
}

export interface ComposeExtras {
  rule?: { id: string; name: string } | null;
  value?: number | null;
  at: number;
  /** incident.resolved: failed requests over the incident. */
  failedRequests?: number | null;
  /** incident.escalated: why ("not acknowledged within 15 min", "severity raised to critical"). */
  reason?: string | null;
  /** Who acknowledged or resolved by hand. */
  by?: string | null;
}

/**
 * What messages are composed from besides the incident itself, read once for all the incidents
 * of a round (a dispatch round may hold a thousand): events near each incident, the backends with
 * a sick probe, and the checklist versions in force when each incident was created.
 */
export interface MessageFacts {
  events: Map<string, IncidentEventRow[]>;
  sickBackends: Set<string>;
  templates: Map<number, TemplateResolver>;
}

const windowOf = (inc: IncidentForMessage) => ({ backend: inc.backend, firstBadAt: inc.firstBadAt, until: inc.resolvedAt ?? inc.openedAt });
const windowKey = (w: { backend: string; firstBadAt: number; until: number }) => `${w.firstBadAt}|${w.until}|${w.backend}`;

export async function readMessageFacts(q: SqlQueryable, incidents: IncidentForMessage[]): Promise<MessageFacts> {
  const windows = new Map(incidents.map((inc) => [windowKey(windowOf(inc)), windowOf(inc)]));
  const backends = [...new Set(incidents.map((i) => i.backend))];
  return {
    events: await eventsAroundMany(q, [...windows.values()], windowKey),
    sickBackends: await sickBackends(q, backends),
    templates: await templatesInForceAt(q, incidents.map((i) => i.createdAt)),
  };
}

/** The first step of the checklist the incident page leads with, from the same choice it makes. */
function firstStep(inc: IncidentForMessage, facts: MessageFacts): { title: string; detail: string } | null {
  const events = facts.events.get(windowKey(windowOf(inc))) ?? [];
  const before = (type: string) => {
    const e = events.filter((x) => x.type === type && x.at <= inc.firstBadAt + 60_000).at(-1);
    return e ? { title: e.title, at: e.at } : null;
  };
  const chosen = chooseChecklists(
    {
      firstBadAt: inc.firstBadAt,
      causes: inc.causes,
      deployBefore: before("deploy"),
      purgeBefore: before("purge"),
      latencyNearTimeout: null,
      probeDown: facts.sickBackends.has(inc.backend),
      stacks: [],
    },
    facts.templates.get(inc.createdAt) ?? ((t) => t),
  );
  const step = chosen[0]?.template.steps[0];
  return step ? { title: step.title, detail: step.detail } : null;
}

function headline(type: MessageType, inc: IncidentForMessage, x: ComposeExtras): string {
  const sev = severityWord(inc.severity);
  switch (type) {
    case "incident.opened":
      return `[${sev}] ${inc.title}`;
    case "incident.escalated":
      return `[${sev}] Escalated: ${inc.title}`;
    case "incident.reminder":
      return `[${sev}] Still unacknowledged: ${inc.title}`;
    case "incident.acknowledged":
      return `Acknowledged${x.by ? ` by ${x.by}` : ""}: ${inc.title}`;
    case "incident.resolved":
      return `Resolved: ${inc.title}`;
    case "test":
      return "Test message from Origin Watch";
  }
}

function body(type: MessageType, inc: IncidentForMessage, x: ComposeExtras, step: { title: string } | null, url: string): string {
  const lines: string[] = [];
  const since = new Date(inc.firstBadAt).toISOString().replace(/\.\d+Z$/, "Z");
  const lasted = formatDuration((inc.resolvedAt ?? x.at) - inc.firstBadAt);
  if (type === "incident.resolved") {
    lines.push(`Backend ${inc.backend} is back to normal after ${lasted} (since ${since}).`);
    if (x.failedRequests !== null && x.failedRequests !== undefined) lines.push(`Impact: ${x.failedRequests} requests failed with 5xx.`);
    if (x.by && x.by !== "auto") lines.push(`Resolved by ${x.by}.`);
  } else {
    lines.push(`Backend ${inc.backend} has been failing for ${lasted}, since ${since}.`);
    if (x.reason) lines.push(`Escalated: ${x.reason}.`);
    if (x.rule) lines.push(`Alert: ${x.rule.name}${x.value !== null && x.value !== undefined ? ` (value ${Math.round(x.value * 100) / 100})` : ""}.`);
  }
  const top = inc.causes[0];
  if (top) {
    const mix = inc.causes.slice(0, 3).map((c) => `${c.cause} ${formatPercent(c.share)}`).join(", ");
    lines.push(`Why: ${causeWords(top.cause)} (${mix} of 5xx).`);
  }
  if (type !== "incident.resolved" && step) lines.push(`Check first: ${step.title}`);
  lines.push(`Incident: ${url}`);
  return lines.join("\n");
}

export const incidentUrl = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, "")}/incidents/${encodeURIComponent(id)}`;

/** The message for an incident; `facts` from readMessageFacts over (at least) this incident. */
export function composeMessage(inc: IncidentForMessage, type: MessageType, x: ComposeExtras, baseUrl: string, facts: MessageFacts): NotificationPayload {
  const url = incidentUrl(baseUrl, inc.id);
  const step = type === "incident.resolved" ? null : firstStep(inc, facts);
  return {
    type,
    timestamp: new Date(x.at).toISOString(),
    title: headline(type, inc, x),
    text: body(type, inc, x, step, url),
    incident: {
      id: inc.id,
      title: inc.title,
      status: inc.status,
      severity: inc.severity,
      url,
      backends: [inc.backend],
      causes: inc.causes.map((c) => ({ cause: c.cause, share: c.share })),
      openedAt: new Date(inc.openedAt).toISOString(),
      resolvedAt: inc.resolvedAt === null ? null : new Date(inc.resolvedAt).toISOString(),
      firstStep: step,
      durationMs: type === "incident.resolved" ? (inc.resolvedAt ?? x.at) - inc.firstBadAt : null,
      failedRequests: type === "incident.resolved" ? (x.failedRequests ?? null) : null,
    },
    rule: x.rule ?? null,
    value: x.value ?? null,
  };
}

/** The message a channel's test button sends: a made-up incident, clearly labelled. */
export function testMessage(baseUrl: string, now: number): NotificationPayload {
  const url = `${baseUrl.replace(/\/+$/, "")}/settings/channels`;
  return {
    type: "test",
    timestamp: new Date(now).toISOString(),
    title: "Test message from Origin Watch",
    text: `This channel is set up: incidents will be announced here.\nSent ${new Date(now).toISOString()}.`,
    incident: {
      id: "test",
      title: "Test message",
      status: "open",
      severity: "info",
      url,
      backends: [],
      causes: [],
      openedAt: new Date(now).toISOString(),
      resolvedAt: null,
      firstStep: null,
      durationMs: null,
      failedRequests: null,
    },
    rule: null,
    value: null,
  };
}
