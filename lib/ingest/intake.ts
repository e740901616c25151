// One ingest batch, end to end: idempotency check, parse + attribute + aggregate, then one
// transaction that records the observations, the parse-error sample and the batch key. A batch
// is applied entirely or not at all.
import type { Database } from "@/lib/db/client";
import type { SqlQueryable } from "@/lib/db/sql";
import { joinerFor, LogAggregator, type AggregateResult, type JoinRef } from "@/lib/ingest/aggregate";
import type { JoinerSnapshot } from "@/lib/ingest/errorlog-join";
import { LineSplitter } from "@/lib/ingest/lines";
import type { IngestSource } from "@/lib/ingest/source-token";
import { recordRequestObservations } from "@/lib/observations/requests";
import { countIngestBatch } from "@/lib/metrics/counters";
import { pgJson, pgText } from "@/lib/db/text";

export type { IngestAnswer } from "@/lib/ingest/answer";
import type { IngestAnswer } from "@/lib/ingest/answer";

/** How far (log time) an access line and its error-log line may be apart across batches. */
export const JOIN_HORIZON_MS = 60_000;

/** Rejected lines kept per source for its "parse errors" view. */
export const PARSE_ERRORS_KEPT_PER_SOURCE = 200;
const PARSE_ERROR_LINE_LIMIT = 1000;

function aggregator(source: IngestSource, lines: string[]): LogAggregator {
  const agg = new LogAggregator({
    kind: source.kind,
    format: source.format ?? undefined,
    defaultBackend: source.defaultBackend ?? undefined,
    backendSide: source.backendSide,
    sourceId: source.id,
    deferJoin: joinerFor(source.kind) !== undefined,
  });
  for (let i = 0; i < lines.length; i++) agg.addLine(lines[i]!, i + 1);
  return agg;
}

async function storedAnswer(q: SqlQueryable, sourceId: string, key: string): Promise<IngestAnswer | null> {
  const rows = await q.query<{ accepted: number; rejected: number; errors: IngestAnswer["errors"] }>(
    `SELECT accepted, rejected, errors FROM ingest_batches WHERE source_id = $1 AND idempotency_key = $2`,
    [sourceId, key],
  );
  const r = rows[0];
  return r ? { accepted: r.accepted, rejected: r.rejected, errors: r.errors, duplicate: true } : null;
}

async function keepParseErrors(tx: SqlQueryable, sourceId: string, lines: string[], result: AggregateResult): Promise<void> {
  if (result.errors.length === 0) return;
  await tx.query(
    `INSERT INTO parse_errors (source_id, line_no, line, reason)
     SELECT $1, u.no, u.line, u.reason FROM unnest($2::int[], $3::text[], $4::text[]) AS u(no, line, reason)`,
    [
      sourceId,
      result.errors.map((e) => e.line),
      result.errors.map((e) => pgText((lines[e.line - 1] ?? "").slice(0, PARSE_ERROR_LINE_LIMIT))),
      result.errors.map((e) => pgText(e.reason)),
    ],
  );
  await tx.query(
    `DELETE FROM parse_errors WHERE source_id = $1 AND id NOT IN
       (SELECT id FROM parse_errors WHERE source_id = $1 ORDER BY id DESC LIMIT $2)`,
    [sourceId, PARSE_ERRORS_KEPT_PER_SOURCE],
  );
}

/** Splits a body into lines (LF or CRLF); a final newline does not make an extra empty line. */
export function splitLines(body: string): string[] {
  const splitter = new LineSplitter();
  splitter.push(body);
  return splitter.end();
}

export async function ingestBatch(
  db: Database,
  source: IngestSource,
  lines: string[],
  opts: { idempotencyKey?: string } = {},
): Promise<IngestAnswer> {
  const key = opts.idempotencyKey;
  if (key) {
    const seen = await storedAnswer(db.sql, source.id, key);
    if (seen) return seen;
  }
  // Parsing and counting happen before the transaction, keeping it short. nginx joins error-log
  // and access lines across batches: its held 5xx and error-log lines meet the source's pending
  // join state inside the transaction (row-locked, so concurrent batches of one source queue up
  // only for that part).
  const parsed = aggregator(source, lines);

  try {
    return await applyBatch(db, source, lines, key, parsed);
  } catch (e) {
    if (!(e instanceof DuplicateBatch) || !key) throw e;
    return (await storedAnswer(db.sql, source.id, key)) ?? { accepted: 0, rejected: 0, errors: [], duplicate: true };
  }
}

/** Thrown inside the transaction to roll it back when a concurrent retry already applied the batch. */
class DuplicateBatch extends Error {}

function applyBatch(
  db: Database,
  source: IngestSource,
  lines: string[],
  key: string | undefined,
  parsed: LogAggregator,
): Promise<IngestAnswer> {
  return db.sql.transaction(async (tx) => {
    const joiner = joinerFor(source.kind);
    if (joiner) {
      // Make sure the row exists, so FOR UPDATE has something to lock even on a first batch.
      await tx.query(`INSERT INTO ingest_join_state (source_id, snapshot, updated_at) VALUES ($1, '{}', now()) ON CONFLICT DO NOTHING`, [source.id]);
      const state = await tx.query<{ snapshot: JoinerSnapshot<JoinRef> }>(
        `SELECT snapshot FROM ingest_join_state WHERE source_id = $1 FOR UPDATE`,
        [source.id],
      );
      if (state[0]?.snapshot.version) joiner.importPending(state[0].snapshot);
      parsed.completeJoin(joiner);
      // A join window wider than the horizon (bunny.net's 65 s) keeps its pending entries that long.
      joiner.expireBehind(Math.max(JOIN_HORIZON_MS, 2 * joiner.windowMs));
      await tx.query(
        `INSERT INTO ingest_join_state (source_id, snapshot, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (source_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = now()`,
        [source.id, pgJson(joiner.exportPending())],
      );
    }
    const result = parsed.result();
    // Accepted means understood (requests, error-log evidence, proxy notices, uncounted records), not counted.
    const answer: IngestAnswer = { accepted: result.accepted, rejected: result.rejected, errors: result.errors };
    if (key) {
      // A concurrent retry of the same batch may have won the race: then count nothing.
      const inserted = await tx.query(
        `INSERT INTO ingest_batches (source_id, idempotency_key, accepted, rejected, errors) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [source.id, key, answer.accepted, answer.rejected, pgJson(answer.errors)],
      );
      if (inserted.length === 0) throw new DuplicateBatch();
    }
    await recordRequestObservations(tx, {
      sourceId: source.id,
      buckets: result.buckets,
      samples: result.samples,
      corrections: result.corrections,
    });
    await keepParseErrors(tx, source.id, lines, result);
    await tx.query(`UPDATE sources SET last_ingest_at = now() WHERE id = $1`, [source.id]);
    // Counted once committed: a rolled-back or duplicate batch adds nothing to /metrics.
    tx.afterCommit(() => countIngestBatch(answer.accepted, answer.rejected));
    return answer;
  });
}
