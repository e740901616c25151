import "server-only";
// The drill-down read: raw 5xx lines kept at ingest (bounded per minute, source, backend and
// cause), newest first, a page at a time. Next to them, the complete counts from the rollups for
// the same window, so a reader knows how much the samples leave out.
import { retentionConfig } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import type { SqlQueryable } from "@/lib/db/sql";
import { SAMPLES_PER_MINUTE_BACKEND_CAUSE } from "@/lib/observations/requests";
import { summary } from "@/lib/rollups/queries";
import { resolveSourceId } from "@/lib/db/source-ref";
import { encodeCursor, type SamplesQuery, type SampleCursor, type SamplesAnswer, type SampleView } from "@/lib/samples/schemas";
import { MINUTE_MS } from "@/lib/rollups/levels";


export interface SampleFilter {
  fromMs: number;
  toMs: number;
  sourceId?: string;
  backend?: string;
  cause?: string;
  status?: number;
  limit: number;
  cursor?: SampleCursor;
}

interface SampleRow {
  id: string;
  at_ms: number;
  minute_ms: number;
  source_id: string;
  source_name: string | null;
  backend: string;
  status: number;
  cause: string;
  line: string;
  fields: unknown;
}

export interface SamplePage {
  items: SampleView[];
  nextCursor: string | null;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : typeof v === "string" ? asRecord(JSON.parse(v)) : {};

/**
 * One page of samples in [from, to). Ordered by (minute, at, id) descending: minute is at's
 * minute, so the order is the same as by time, and it lets PostgreSQL walk the minute indexes
 * backwards and stop after `limit` rows instead of sorting the whole window.
 */
export async function listSamples(q: SqlQueryable, f: SampleFilter): Promise<SamplePage> {
  const c = f.cursor;
  const rows = await q.query<SampleRow>(
    `SELECT e.id::text AS id, (extract(epoch FROM e.at) * 1000)::float8 AS at_ms, (extract(epoch FROM e.minute) * 1000)::float8 AS minute_ms,
            e.source_id, s.name AS source_name, e.backend, e.status, e.cause, e.line, e.fields
     FROM error_samples e LEFT JOIN sources s ON s.id = e.source_id
     WHERE e.minute >= to_timestamp($1::float8 / 1000) AND e.minute < to_timestamp($2::float8 / 1000)
       AND e.at >= to_timestamp($3::float8 / 1000) AND e.at < to_timestamp($4::float8 / 1000)
       AND ($5::text IS NULL OR e.source_id = $5) AND ($6::text IS NULL OR e.backend = $6)
       AND ($7::text IS NULL OR e.cause = $7) AND ($8::int IS NULL OR e.status = $8)
       AND ($9::float8 IS NULL OR (e.minute, e.at, e.id) < (to_timestamp($9::float8 / 1000), to_timestamp($10::float8 / 1000), $11::bigint))
     ORDER BY e.minute DESC, e.at DESC, e.id DESC
     LIMIT $12`,
    [
      Math.floor(f.fromMs / MINUTE_MS) * MINUTE_MS,
      Math.ceil(f.toMs / MINUTE_MS) * MINUTE_MS,
      f.fromMs,
      f.toMs,
      f.sourceId ?? null,
      f.backend ?? null,
      f.cause ?? null,
      f.status ?? null,
      c ? c.minuteMs : null,
      c ? c.atMs : null,
      c ? c.id.toString() : null,
      // One more than asked: whether it exists says if there is a next page.
      f.limit + 1,
    ],
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(Number(r.at_ms)).toISOString(),
      minute: new Date(Number(r.minute_ms)).toISOString(),
      source: { id: r.source_id, name: r.source_name },
      backend: r.backend,
      status: Number(r.status),
      cause: r.cause,
      line: r.line,
      fields: asRecord(r.fields),
    })),
    nextCursor:
      rows.length > f.limit && last ? encodeCursor({ minuteMs: Number(last.minute_ms), atMs: Number(last.at_ms), id: BigInt(last.id) }) : null,
  };
}

interface ReadOptions {
  nowMs?: number;
  /** How long samples are kept (RETENTION_SAMPLE_DAYS), so a reader knows why old windows have none. */
  keptForDays?: number;
}

/** GET /api/v1/samples: a parsed query in, the source resolved, samples and counts read. */
export async function readSamples(db: Database, query: SamplesQuery, opts: ReadOptions = {}): Promise<SamplesAnswer> {
  const { nowMs = Date.now(), keptForDays = retentionConfig().sampleDays } = opts;
  const sourceId = await resolveSourceId(db.prisma, query.source);
  const [page, counts] = await Promise.all([
    listSamples(db.sql, {
      fromMs: query.from,
      toMs: query.to,
      sourceId,
      backend: query.backend,
      cause: query.cause,
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    }),
    summary(db.sql, { from: query.from, to: query.to, backend: query.backend, sourceId }, nowMs),
  ]);
  const byStatus = Object.fromEntries(Object.entries(counts.byStatus).filter(([status]) => status.startsWith("5")));
  return {
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
    ...page,
    keptPerMinute: SAMPLES_PER_MINUTE_BACKEND_CAUSE,
    keptForDays,
    totals: {
      from: counts.from,
      to: counts.to,
      resolution: counts.resolution,
      requests: counts.total,
      errors: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byCause: counts.byCause,
      byStatus,
    },
  };
}
