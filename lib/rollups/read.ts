// Query API entry points: a parsed query in, the source it names resolved, the rollups read.
import type { Database } from "@/lib/db/client";
import type { SeriesAnswer, SeriesQuery, SummaryAnswer, SummaryQuery } from "@/lib/rollups/schemas";
import { series, summary } from "@/lib/rollups/queries";
import { resolveSourceId } from "@/lib/db/source-ref";

export async function readSummary(db: Database, query: SummaryQuery): Promise<SummaryAnswer> {
  return summary(db.sql, { ...query, sourceId: await resolveSourceId(db.prisma, query.source) });
}

export async function readSeries(db: Database, query: SeriesQuery): Promise<SeriesAnswer> {
  return series(db.sql, { ...query, sourceId: await resolveSourceId(db.prisma, query.source) });
}
