// Query API entry points: parse the query string, resolve a source given by id or name, read.
import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/http/parse";
import { SeriesQuery, SummaryQuery, type SeriesAnswer, type SummaryAnswer } from "@/lib/rollups/schemas";
import { series, summary } from "@/lib/rollups/queries";

const searchParams = (url: string) => Object.fromEntries(new URL(url).searchParams.entries());

/** A source named by id or by name -> its id; a clear 400 when none matches. */
export async function resolveSource(db: Database, source: string | undefined): Promise<string | undefined> {
  if (!source) return undefined;
  const row = await db.prisma.source.findFirst({ where: { OR: [{ id: source }, { name: source }] }, select: { id: true } });
  if (!row) throw new AppError("bad_request", `Invalid input: source: no source has the id or name "${source}"`, { fields: [{ path: "source", message: "unknown source" }] });
  return row.id;
}

export async function readSummary(db: Database, url: string): Promise<SummaryAnswer> {
  const query = parseInput(SummaryQuery, searchParams(url));
  return summary(db.sql, { ...query, sourceId: await resolveSource(db, query.source) });
}

export async function readSeries(db: Database, url: string): Promise<SeriesAnswer> {
  const query = parseInput(SeriesQuery, searchParams(url));
  return series(db.sql, { ...query, sourceId: await resolveSource(db, query.source) });
}
