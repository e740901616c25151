// Messages worth reading, composed from the incident as it is when the message leaves the outbox:
// what broke, on which backend, since when, the dominant cause in words, the first checklist step
// and a link (from NEXTAUTH_URL). Resolutions carry duration and impact.
import type { SqlQueryable } from "@/lib/db/sql";
import { chooseChecklists } from "@/lib/incidents/checklists/choose";
import { templatesInForce, type TemplateResolver } from "@/lib/incidents/checklists/versions";
import type { CauseShare } from "@/lib/incidents/evidence";
import { eventsAround, probeDown } from "@/lib/incidents/facts";
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

export async function loadIncidentForMessage(q: SqlQueryable, id: string): Promise<IncidentForMessage | null> {
  const rows = await q.query<Omit<IncidentForMessage, "causes"> & { evidence: { causes?: CauseShare[] } }>(
    `SELECT i.id, i.title, i.status, i.severity, i.backend, i.rule_id AS "ruleId", i.backfilled, i.evidence,
            extract(epoch FROM i.first_bad_at) * 1000 AS "firstBadAt", extract(epoch FROM i.opened_at) * 1000 AS "openedAt",
            extract(epoch FROM i.resolved_at) * 1000 AS "resolvedAt", extract(epoch FROM i.created_at) * 1000 AS "createdAt",
            coalesce(u.name, u.email) AS "acknowledgedBy"
     FROM incidents i LEFT JOIN users u ON u.id = i.acknowledged_by_id WHERE i.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const { evidence, ...rest } = r;
  return {
    ...rest,
    firstBadAt: Number(r.firstBadAt),
    openedAt: Number(r.openedAt),
    resolvedAt: r.resolvedAt === null ? null : Number(r.resolvedAt),
    createdAt: Number(r.createdAt),
    causes: evidence?.causes ?? [],
  };
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

/** Checklist versions in force by incident creation time: one read for a dispatch round's many incidents of one moment. */
export type TemplateCache = Map<number, Promise<TemplateResolver>>;

/** The first step of the checklist the incident page leads with, from the same choice it makes. */
async function firstStep(q: SqlQueryable, inc: IncidentForMessage, cache: TemplateCache): Promise<{ title: string; detail: string } | null> {
  const w = { backend: inc.backend, firstBadAt: inc.firstBadAt, until: inc.resolvedAt ?? inc.openedAt };
  const events = await eventsAround(q, w);
  const before = (type: string) => {
    const e = events.filter((x) => x.type === type && x.at <= inc.firstBadAt + 60_000).at(-1);
    return e ? { title: e.title, at: e.at } : null;
  };
  const facts = {
    firstBadAt: inc.firstBadAt,
    causes: inc.causes,
    deployBefore: before("deploy"),
    purgeBefore: before("purge"),
    latencyNearTimeout: null,
    probeDown: await probeDown(q, inc.backend),
    stacks: [],
  };
  let resolver = cache.get(inc.createdAt);
  if (!resolver) cache.set(inc.createdAt, (resolver = templatesInForce(q, inc.createdAt)));
  const chosen = chooseChecklists(facts, await resolver);
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

export async function composeMessage(q: SqlQueryable, inc: IncidentForMessage, type: MessageType, x: ComposeExtras, baseUrl: string, cache: TemplateCache = new Map()): Promise<NotificationPayload> {
  const url = incidentUrl(baseUrl, inc.id);
  const step = type === "incident.resolved" ? null : await firstStep(q, inc, cache);
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
