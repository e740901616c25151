// Deploys, purges, config changes and notes: the markers on every time chart, and the
// "spike right after a deploy/purge" evidence incidents will use.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { resolveSourceId } from "@/lib/db/source-ref";
import { CreateEventInput, ListEventsQuery, UpdateEventInput, type EventView } from "@/lib/events/schemas";

type EventRow = { id: string; type: string; title: string; at: Date; backend: string | null; sourceId: string | null; demo: boolean };

export const toEventView = (e: EventRow): EventView => ({
  id: e.id,
  type: e.type as EventView["type"],
  title: e.title,
  at: e.at.toISOString(),
  backend: e.backend,
  sourceId: e.sourceId,
  demo: e.demo,
});


const toDate = (at: number | undefined) => (at === undefined ? new Date() : new Date(at));


/** For updates: undefined leaves the value alone; null or "" clears it. */
const clearable = (v: string | null | undefined) => (v === undefined ? undefined : v || null);

export async function createEvent(prisma: PrismaClient, actor: Actor, raw: unknown): Promise<EventView> {
  assertCan(actor, "events.write");
  const input = parseInput(CreateEventInput, raw);
  return prisma.$transaction(async (tx) => {
    const sourceId = input.source ? await resolveSourceId(tx, input.source) : null;
    const row = await tx.event.create({
      data: {
        type: input.type,
        title: input.title,
        at: toDate(input.at),
        backend: input.backend ?? null,
        sourceId,
        createdById: actor.kind === "user" ? actor.id : null,
      },
    });
    await recordAudit(tx, actor, "event.create", { type: "event", id: row.id }, { type: row.type, title: row.title });
    return toEventView(row);
  });
}

/**
 * The events of a range, as every time chart marks them: a backend's own and the global ones (a
 * purge of everything hits every backend too).
 */
export function eventsInRange(q: { from: number; to: number; backend?: string | null; type?: string | null }) {
  return {
    at: { gte: new Date(q.from), lt: new Date(q.to) },
    ...(q.type ? { type: q.type } : {}),
    ...(q.backend ? { OR: [{ backend: q.backend }, { backend: null }] } : {}),
  };
}

export async function listEvents(prisma: PrismaClient, rawQuery: unknown): Promise<EventView[]> {
  const q = parseInput(ListEventsQuery, rawQuery);
  const rows = await prisma.event.findMany({
    where: eventsInRange(q),
    orderBy: { at: "asc" },
    take: 1000,
  });
  return rows.map(toEventView);
}

export async function updateEvent(prisma: PrismaClient, actor: Actor, id: string, raw: unknown): Promise<EventView> {
  assertCan(actor, "events.write");
  const input = parseInput(UpdateEventInput, raw);
  return prisma.$transaction(async (tx) => {
    if (!(await tx.event.findUnique({ where: { id } }))) throw new AppError("not_found", "No such event.");
    const source = clearable(input.source);
    const row = await tx.event.update({
      where: { id },
      data: {
        type: input.type,
        title: input.title,
        at: input.at === undefined ? undefined : new Date(input.at),
        backend: clearable(input.backend),
        sourceId: source ? await resolveSourceId(tx, source) : source,
      },
    });
    await recordAudit(tx, actor, "event.update", { type: "event", id }, { changed: Object.keys(input) });
    return toEventView(row);
  });
}

export async function deleteEvent(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "events.write");
  await prisma.$transaction(async (tx) => {
    const row = await tx.event.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", "No such event.");
    await tx.event.delete({ where: { id } });
    await recordAudit(tx, actor, "event.delete", { type: "event", id }, { title: row.title });
  });
}
