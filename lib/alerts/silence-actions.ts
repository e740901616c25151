// Silence actions: create (a deploy pipeline opens a window before it starts), list with their
// state, delete. Editors and up write; the author is the actor who asked.
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { actorLabel, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { assertMayWriteRules } from "@/lib/alerts/rules";
import { silenceState } from "@/lib/alerts/silences";
import { SilenceInput, type SilenceView } from "@/lib/alerts/silence-schemas";

type SilenceRow = Prisma.SilenceGetPayload<object>;

const clock = (minute: number | null) =>
  minute === null ? null : `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export function toSilenceView(row: SilenceRow, now = Date.now()): SilenceView {
  const kind = row.kind === "weekly" ? "weekly" : "once";
  const window = { startsAt: row.startsAt?.getTime() ?? null, endsAt: row.endsAt?.getTime() ?? null };
  return {
    id: row.id,
    kind,
    state: silenceState(window, now),
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    weekdays: row.weekdays,
    from: clock(row.startMinute),
    to: clock(row.endMinute),
    timeZone: row.timeZone,
    matchers: row.matchers as SilenceView["matchers"],
    comment: row.comment,
    author: row.authorName,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createSilence(prisma: PrismaClient, actor: Actor, raw: unknown, now = Date.now()): Promise<SilenceView> {
  assertMayWriteRules(actor);
  const input = parseInput(SilenceInput, raw);
  const startsAt = input.startsAt ?? (input.kind === "once" ? now : undefined);
  if (input.endsAt !== undefined && input.endsAt <= now) {
    throw new AppError("bad_request", "Invalid input: endsAt: the silence would already be over.", { fields: [{ path: "endsAt", message: "The silence would already be over." }] });
  }
  return prisma.$transaction(async (tx) => {
    const row = await tx.silence.create({
      data: {
        kind: input.kind,
        startsAt: startsAt === undefined ? null : new Date(startsAt),
        endsAt: input.endsAt === undefined ? null : new Date(input.endsAt),
        weekdays: input.kind === "weekly" ? input.weekdays : [],
        startMinute: input.kind === "weekly" ? input.from : null,
        endMinute: input.kind === "weekly" ? input.to : null,
        timeZone: input.kind === "weekly" ? input.timeZone : null,
        matchers: input.matchers,
        comment: input.comment,
        authorId: actor.kind === "cli" ? null : actor.id,
        authorName: actorLabel(actor),
      },
    });
    await recordAudit(tx, actor, "silence.create", { type: "silence", id: row.id }, { kind: row.kind, comment: row.comment });
    return toSilenceView(row, now);
  });
}

export async function listSilences(prisma: PrismaClient, now = Date.now()): Promise<SilenceView[]> {
  const rows = await prisma.silence.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  return rows.map((r) => toSilenceView(r, now));
}

export async function deleteSilence(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertMayWriteRules(actor);
  await prisma.$transaction(async (tx) => {
    const row = await tx.silence.findUnique({ where: { id }, select: { id: true } });
    if (!row) throw new AppError("not_found", "No such silence.");
    await tx.silence.delete({ where: { id } });
    await recordAudit(tx, actor, "silence.delete", { type: "silence", id });
  });
}
