// A source as queries and events name it. It sits with the database layer, below every domain,
// because reads (rollups, samples) and writes (events) all accept a source and none of them may
// import lib/sources, which sits above ingest.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";

/**
 * A source named by id or by name (a pipeline knows its proxy's name, the UI sends the id) -> its
 * id; nothing named -> undefined; a clear 400 when none matches. Reads and event writes share it.
 */
export async function resolveSourceId(prisma: Pick<PrismaClient, "source">, source: string): Promise<string>;
export async function resolveSourceId(prisma: Pick<PrismaClient, "source">, source: string | undefined): Promise<string | undefined>;
export async function resolveSourceId(prisma: Pick<PrismaClient, "source">, source: string | undefined): Promise<string | undefined> {
  if (!source) return undefined;
  const row = await prisma.source.findFirst({ where: { OR: [{ id: source }, { name: source }] }, select: { id: true } });
  if (!row) throw new AppError("bad_request", `Invalid input: source: no source has the id or name "${source}"`, { fields: [{ path: "source", message: "unknown source" }] });
  return row.id;
}
