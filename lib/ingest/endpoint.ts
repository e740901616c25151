import "server-only";
// POST /api/v1/ingest: a source token, a body of log lines, an answer of what was counted.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import { ingestConfig } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/error-response";
import { readIngestBody } from "@/lib/ingest/body";
import { ingestBatch, splitLines } from "@/lib/ingest/intake";
import { LineRateLimiter } from "@/lib/ingest/rate-limit";
import { isJsonLinesType, unwrapEnvelope } from "@/lib/ingest/envelope";
import { sourceFromToken } from "@/lib/sources/sources";

const config = ingestConfig();
const limiter = new LineRateLimiter(config.maxLinesPerSecond);
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export async function handleIngest(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    const auth = req.headers.get("authorization") ?? "";
    if (!auth.toLowerCase().startsWith("bearer ")) {
      throw new AppError("unauthorized", "Send the source's ingest token as `Authorization: Bearer ow_src_…`.");
    }
    const key = req.headers.get("idempotency-key")?.trim() || undefined;
    if (key && !IDEMPOTENCY_KEY.test(key)) throw new AppError("bad_request", "Idempotency-Key must be 1-200 printable ASCII characters.");
    const db = await getDatabase().catch((e: unknown) => {
      throw new AppError("unavailable", "The database is unavailable; retry shortly.", { retryAfterSeconds: 5, cause: e });
    });
    const source = await sourceFromToken(db.prisma, auth.slice(7).trim());
    if (!source) throw new AppError("unauthorized", "Unknown or rotated ingest token.");
    const body = await readIngestBody(req, config.maxBodyBytes);
    let lines = splitLines(body.text);
    if (source.kind !== "json" && isJsonLinesType(body.type)) lines = lines.map(unwrapEnvelope);
    const allowed = limiter.take(source.id, lines.length);
    if (!allowed.ok) {
      throw new AppError("rate_limited", `Source "${source.name}" is over its rate of ${config.maxLinesPerSecond} lines/s; retry later.`, {
        retryAfterSeconds: allowed.retryAfterSeconds,
      });
    }
    const answer = await ingestBatch(db, source, lines, { idempotencyKey: key });
    return Response.json(answer, { status: 202, headers: { "x-request-id": requestId } });
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
