// The events page's list: newest first, with who recorded each event and the source's name, so
// a reader can tell a pipeline's deploy marker from a colleague's note without opening anything.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { parseInput } from "@/lib/errors/parse";
import { eventsInRange, toEventView } from "@/lib/events/events";
import { EventLogQuery, type EventView } from "@/lib/events/schemas";

/** Enough for any sensible range; past it the page says so and asks for a narrower one. */
export const EVENT_LOG_LIMIT = 500;

export type EventAuthor =
  | { kind: "user"; label: string; email: string | null }
  | { kind: "token"; label: string }
  | { kind: "cli" | "system"; label: string };

export interface EventEntry extends EventView {
  sourceName: string | null;
  /** Null when nothing says who: no audit row (e.g. demo data) and no stored user. */
  createdBy: EventAuthor | null;
}

export interface EventLog {
  events: EventEntry[];
  /** More events matched than EVENT_LOG_LIMIT: the oldest are left out. */
  truncated: boolean;
  /** Whether any event exists at all, in any range: an empty range is not an empty workspace. */
  anyEvents: boolean;
}

export async function listEventLog(prisma: PrismaClient, rawQuery: unknown): Promise<EventLog> {
  const q = parseInput(EventLogQuery, rawQuery);
  const rows = await prisma.event.findMany({
    where: eventsInRange(q),
    orderBy: [{ at: "desc" }, { createdAt: "desc" }],
    take: EVENT_LOG_LIMIT + 1,
  });
  const page = rows.slice(0, EVENT_LOG_LIMIT);
  const anyEvents = page.length > 0 || (await prisma.event.findFirst({ select: { id: true } })) !== null;
  const [authors, sourceNames] = await Promise.all([authorsOf(prisma, page), sourceNamesOf(prisma, page)]);
  return {
    events: page.map((e) => ({
      ...toEventView(e),
      sourceName: e.sourceId ? (sourceNames.get(e.sourceId) ?? null) : null,
      createdBy: authors.get(e.id) ?? null,
    })),
    truncated: rows.length > EVENT_LOG_LIMIT,
    anyEvents,
  };
}

/** The backend names events were recorded for, for the page's filter beside the known backends. */
export async function listEventBackends(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.event.findMany({ where: { backend: { not: null } }, distinct: ["backend"], select: { backend: true } });
  return rows.flatMap((r) => (r.backend ? [r.backend] : [])).sort((a, b) => a.localeCompare(b));
}

type Row = { id: string; createdById: string | null; sourceId: string | null };

// The audit row of each creation names its actor, tokens included (events.created_by_id holds
// users only); created_by_id is the fallback for rows whose audit entry is gone.
async function authorsOf(prisma: PrismaClient, rows: Row[]): Promise<Map<string, EventAuthor>> {
  const out = new Map<string, EventAuthor>();
  if (rows.length === 0) return out;
  const audits = await prisma.auditLog.findMany({
    where: { action: "event.create", targetType: "event", targetId: { in: rows.map((r) => r.id) } },
    select: { targetId: true, actorType: true, actorId: true },
  });
  const actorOf = new Map<string, { type: string; id: string | null }>();
  for (const a of audits) if (a.targetId) actorOf.set(a.targetId, { type: a.actorType, id: a.actorId });
  for (const r of rows) if (!actorOf.has(r.id) && r.createdById) actorOf.set(r.id, { type: "user", id: r.createdById });

  const idsOf = (type: string) => [...new Set([...actorOf.values()].flatMap((a) => (a.type === type && a.id ? [a.id] : [])))];
  const [users, tokens] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: idsOf("user") } }, select: { id: true, name: true, email: true } }),
    prisma.apiToken.findMany({ where: { id: { in: idsOf("token") } }, select: { id: true, name: true } }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const tokenById = new Map(tokens.map((t) => [t.id, t]));

  for (const [eventId, actor] of actorOf) {
    if (actor.type === "user") {
      const u = actor.id ? userById.get(actor.id) : undefined;
      out.set(eventId, u ? { kind: "user", label: u.name || u.email, email: u.email } : { kind: "user", label: "a deleted user", email: null });
    } else if (actor.type === "token") {
      const t = actor.id ? tokenById.get(actor.id) : undefined;
      out.set(eventId, { kind: "token", label: t ? t.name : "a deleted API token" });
    } else if (actor.type === "cli") {
      out.set(eventId, { kind: "cli", label: "the command line" });
    } else if (actor.type === "system") {
      out.set(eventId, { kind: "system", label: "Origin Watch" });
    }
  }
  return out;
}

async function sourceNamesOf(prisma: PrismaClient, rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.sourceId ? [r.sourceId] : [])))];
  if (ids.length === 0) return new Map();
  const sources = await prisma.source.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(sources.map((s) => [s.id, s.name]));
}
