// Log sources: one proxy's log stream each, with its native format string and an ingest token
// (shown once, stored as a SHA-256, rotatable). The format is compiled on every write, so a
// source can never hold a format the ingest path would fail on.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { displayPrefix, hashSecret, newSecret } from "@/lib/auth/secrets";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import type { ProxyKind } from "@/lib/ingest/types";
import { parseInput } from "@/lib/errors/parse";
import { CreateSourceInput, UpdateSourceInput, type SourceView } from "@/lib/sources/schemas";
import { SOURCE_TOKEN_PREFIX } from "@/lib/ingest/source-token";
// Ingest resolves its writer by token; the lookup lives with ingest so the arrow points sources -> ingest.
export { SOURCE_TOKEN_PREFIX, sourceFromToken, type IngestSource } from "@/lib/ingest/source-token";


type SourceRow = {
  id: string;
  name: string;
  kind: string;
  format: string | null;
  defaultBackend: string | null;
  backendSide: boolean;
  tokenPrefix: string;
  demo: boolean;
  createdAt: Date;
  lastIngestAt: Date | null;
};

/** A source that sent lines and then nothing for this long is flagged silent. */
export const SILENT_SOURCE_MS = 10 * 60_000;

export function toSourceView(s: SourceRow, nowMs = Date.now()): SourceView {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind as ProxyKind,
    format: s.format,
    defaultBackend: s.defaultBackend,
    backendSide: s.backendSide,
    tokenPrefix: s.tokenPrefix,
    demo: s.demo,
    createdAt: s.createdAt.toISOString(),
    lastIngestAt: s.lastIngestAt?.toISOString() ?? null,
    silent: s.lastIngestAt !== null && nowMs - s.lastIngestAt.getTime() > SILENT_SOURCE_MS,
  };
}

/** Compiles the format now so a bad one is refused at the door, naming the specifier. */
export function assertFormatCompiles(kind: ProxyKind, format: string | null | undefined): void {
  try {
    compileFormat(kind, format ?? undefined);
  } catch (e) {
    if (e instanceof FormatError) {
      throw new AppError("bad_request", `Invalid format: ${e.message}`, { fields: [{ path: "format", message: e.message }] });
    }
    throw e;
  }
}


/** Only Varnish has sides to declare: elsewhere the flag is refused rather than silently kept. */
function assertSideDeclarable(kind: ProxyKind, backendSide: boolean | undefined): void {
  if (backendSide && kind !== "varnish") {
    const message = "Only varnish sources can be declared as fed by varnishncsa -b.";
    throw new AppError("bad_request", `Invalid input: backendSide: ${message}`, { fields: [{ path: "backendSide", message }] });
  }
}

async function assertNameFree(prisma: Pick<PrismaClient, "source">, name: string, exceptId?: string) {
  const existing = await prisma.source.findUnique({ where: { name } });
  if (existing && existing.id !== exceptId) {
    throw new AppError("conflict", `A source named "${name}" already exists.`, { fields: [{ path: "name", message: "This name is taken." }] });
  }
}

export async function createSource(prisma: PrismaClient, actor: Actor, raw: unknown): Promise<SourceView & { token: string }> {
  assertCan(actor, "sources.write");
  const input = parseInput(CreateSourceInput, raw);
  const format = input.format?.trim() ? input.format : null;
  assertFormatCompiles(input.kind, format);
  assertSideDeclarable(input.kind, input.backendSide);
  const token = newSecret(SOURCE_TOKEN_PREFIX);
  const row = await prisma.$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const created = await tx.source.create({
      data: {
        name: input.name,
        kind: input.kind,
        format,
        defaultBackend: input.defaultBackend ?? null,
        backendSide: input.backendSide ?? false,
        tokenHash: hashSecret(token),
        tokenPrefix: displayPrefix(token),
      },
    });
    await recordAudit(tx, actor, "source.create", { type: "source", id: created.id }, { name: created.name, kind: created.kind });
    return created;
  });
  return { ...toSourceView(row), token };
}

export async function listSources(prisma: PrismaClient): Promise<SourceView[]> {
  return (await prisma.source.findMany({ orderBy: { name: "asc" } })).map((row) => toSourceView(row));
}

export async function getSource(prisma: PrismaClient, id: string): Promise<SourceView> {
  const row = await prisma.source.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such source.");
  return toSourceView(row);
}

export async function updateSource(prisma: PrismaClient, actor: Actor, id: string, raw: unknown): Promise<SourceView> {
  assertCan(actor, "sources.write");
  const input = parseInput(UpdateSourceInput, raw);
  return prisma.$transaction(async (tx) => {
    const current = await tx.source.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such source.");
    if (input.name) await assertNameFree(tx, input.name, id);
    const format = input.format === undefined ? undefined : input.format?.trim() ? input.format : null;
    if (format !== undefined) assertFormatCompiles(current.kind as ProxyKind, format);
    assertSideDeclarable(current.kind as ProxyKind, input.backendSide);
    const row = await tx.source.update({ where: { id }, data: { name: input.name, format, defaultBackend: input.defaultBackend, backendSide: input.backendSide } });
    await recordAudit(tx, actor, "source.update", { type: "source", id }, { changed: Object.keys(input) });
    return toSourceView(row);
  });
}

export async function deleteSource(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "sources.write");
  await prisma.$transaction(async (tx) => {
    const current = await tx.source.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such source.");
    await tx.source.delete({ where: { id } });
    // Events keep their place on the charts; they just no longer name the source.
    await tx.event.updateMany({ where: { sourceId: id }, data: { sourceId: null } });
    await recordAudit(tx, actor, "source.delete", { type: "source", id }, { name: current.name });
  });
}

/** A new ingest token; the old one stops working at once. */
export async function rotateSourceToken(prisma: PrismaClient, actor: Actor, id: string): Promise<SourceView & { token: string }> {
  assertCan(actor, "sources.write");
  const token = newSecret(SOURCE_TOKEN_PREFIX);
  const row = await prisma.$transaction(async (tx) => {
    const current = await tx.source.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such source.");
    const updated = await tx.source.update({ where: { id }, data: { tokenHash: hashSecret(token), tokenPrefix: displayPrefix(token) } });
    await recordAudit(tx, actor, "source.rotate_token", { type: "source", id }, { name: current.name });
    return updated;
  });
  return { ...toSourceView(row), token };
}

export async function listParseErrors(prisma: PrismaClient, sourceId: string, limit = 100) {
  const rows = await prisma.parseError.findMany({ where: { sourceId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({ at: r.at.toISOString(), lineNo: r.lineNo, line: r.line, reason: r.reason }));
}
