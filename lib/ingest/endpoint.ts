import "server-only";
// POST /api/v1/ingest: a source token, a body of log lines, an answer of what was counted.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import { ingestConfig } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { discardUnreadBody } from "@/lib/wire/body";
import { errorResponse } from "@/lib/wire/error-response";
import { ingestRequestShape, readIngestLines } from "@/lib/ingest/body";
import { ingestBatch } from "@/lib/ingest/intake";
import { LineRateLimiter } from "@/lib/ingest/rate-limit";
import { isJsonLinesType, recordsAreJson, unwrapEnvelope } from "@/lib/ingest/envelope";
import { ingestToken } from "@/lib/ingest/token";
import { sourceFromToken } from "@/lib/ingest/source-token";

const config = ingestConfig();
const limiter = new LineRateLimiter(config.maxLinesPerSecond);
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export async function handleIngest(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    const token = ingestToken(req, { queryNeedsTls: config.queryTokenNeedsTls });
    const key = req.headers.get("idempotency-key")?.trim() || undefined;
    if (key && !IDEMPOTENCY_KEY.test(key)) throw new AppError("bad_request", "Idempotency-Key must be 1-200 printable ASCII characters.");
    const db = await getDatabase().catch((e: unknown) => {
      throw new AppError("unavailable", "The database is unavailable; retry shortly.", { retryAfterSeconds: 5, cause: e });
    });
    const source = await sourceFromToken(db.prisma, token);
    if (!source) throw new AppError("unauthorized", "Unknown or rotated ingest token.");
    const shape = ingestRequestShape(req);
    // The source's rate is consulted before the body is read, and again as its lines are counted:
    // an over-rate source costs neither the reading nor the splitting of its batch.
    const overRate = (v: { ok: true } | { ok: false; retryAfterSeconds: number }) => {
      if (v.ok) return;
      throw new AppError("rate_limited", `Source "${source.name}" is over its rate of ${config.maxLinesPerSecond} lines/s; retry later.`, {
        retryAfterSeconds: v.retryAfterSeconds,
      });
    };
    overRate(limiter.check(source.id, 1));
    const body = await readIngestLines(req, shape, { maxBodyBytes: config.maxBodyBytes, maxLines: config.maxLinesPerBatch }, (count) =>
      overRate(limiter.check(source.id, count)),
    );
    overRate(limiter.take(source.id, body.lines.length));
    const lines = !recordsAreJson(source.kind) && isJsonLinesType(body.type) ? body.lines.map(unwrapEnvelope) : body.lines;
    const answer = await ingestBatch(db, source, lines, { idempotencyKey: key });
    return Response.json(answer, { status: 202, headers: { "x-request-id": requestId } });
  } catch (e) {
    discardUnreadBody(req);
    return errorResponse(e, requestId);
  }
}
