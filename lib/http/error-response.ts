// The one mapper from errors to HTTP answers. AppErrors carry their own (safe) message; anything
// else is logged with a request id and answered with a generic 500 that never leaks its text.
import { isAppError, type AppErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/observability/logger";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  config: 500,
};

// Prisma's known request errors by code (never by message text).
const PRISMA_CODES: Record<string, { status: number; code: AppErrorCode; message: string }> = {
  P2002: { status: 409, code: "conflict", message: "That name or key is already in use." },
  P2025: { status: 404, code: "not_found", message: "Not found." },
  P1001: { status: 503, code: "unavailable", message: "The database is unreachable." },
};

// Driver-level failures that mean "the database is not answering": retry later.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "08006", "08001", "53300"]);

function errorCode(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function errorResponse(e: unknown, requestId: string): Response {
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (isAppError(e) && e.code !== "config") {
    if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
    return Response.json({ error: { code: e.code, message: e.message, fields: e.fields, requestId } }, { status: STATUS[e.code], headers });
  }
  const code = errorCode(e);
  const known = code ? PRISMA_CODES[code] : undefined;
  if (known) return Response.json({ error: { code: known.code, message: known.message, requestId } }, { status: known.status, headers });
  if (code && UNAVAILABLE_CODES.has(code)) {
    headers["retry-after"] = "5";
    return Response.json({ error: { code: "unavailable", message: "The database is unavailable. Retry shortly.", requestId } }, { status: 503, headers });
  }
  logger.error("unhandled error", { requestId, error: e });
  return Response.json({ error: { code: "internal", message: "Something went wrong on our side.", requestId } }, { status: 500, headers });
}
