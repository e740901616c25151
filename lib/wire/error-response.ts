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
};

// "The database is not answering: retry later." Prisma's codes for an unreachable, timed-out or
// closed connection or a full pool; the pg driver's socket errors; PostgreSQL's shutdown,
// cannot-connect-now and too-many-connections codes. Class 08 (connection exception) is matched
// by prefix, and so is any FATAL error: PostgreSQL ended the session (e.g. 55000 "database is
// not currently accepting connections" while an operator has it closed).
const UNAVAILABLE_CODES = new Set([
  "P1001", "P1002", "P1008", "P1017", "P2024", "P2037",
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  "57P01", "57P02", "57P03", "53300",
]);

// Last line of defence behind the boundary checks (lib/http/clean-input.ts): a value the database
// cannot take as text or as its type is the client's bad input, not our failure. 22021 NUL or
// invalid UTF-8, 22P05 untranslatable character, 22P02 invalid text representation, 22001 too
// long, 22003 out of range, 22007/22008 bad or overflowing date; P2000/P2007/P2020 are the same
// three as Prisma's adapters report them.
const INVALID_INPUT_CODES = new Set(["22021", "22P05", "22P02", "22001", "22003", "22007", "22008", "P2000", "P2007", "P2020"]);

interface Coded {
  code?: unknown;
  originalCode?: unknown;
  severity?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/**
 * Every code on an error and what it wraps, outermost first. Prisma 7 with a driver adapter
 * reports a database error as P2039 ("database error") and keeps PostgreSQL's SQLSTATE in
 * `meta.driverAdapterError.cause.originalCode`; the raw drivers put it in `code`, wrappers in `cause`.
 */
export function errorCodes(e: unknown): { codes: string[]; fatal: boolean } {
  const codes: string[] = [];
  let fatal = false;
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length) {
    const cur = queue.shift();
    if (!cur || typeof cur !== "object" || seen.has(cur)) continue;
    seen.add(cur);
    const c = cur as Coded;
    for (const code of [c.code, c.originalCode]) if (typeof code === "string" && !codes.includes(code)) codes.push(code);
    if (c.severity === "FATAL") fatal = true;
    queue.push(c.meta?.driverAdapterError, c.cause);
  }
  return { codes, fatal };
}

function unavailable(e: unknown, requestId: string, headers: Record<string, string>, retryAfterSeconds = 5): Response {
  logger.warn("database unavailable", { requestId, error: e });
  headers["retry-after"] = String(retryAfterSeconds);
  return Response.json({ error: { code: "unavailable", message: "The database is unavailable. Retry shortly.", requestId } }, { status: 503, headers });
}

export function errorResponse(e: unknown, requestId: string): Response {
  const headers: Record<string, string> = { "x-request-id": requestId };
  // Why the database is unavailable (its host, a driver's words) is for the server log only.
  if (isAppError(e) && e.code === "unavailable") return unavailable(e, requestId, headers, e.retryAfterSeconds);
  if (isAppError(e) && e.code !== "config") {
    if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
    return Response.json({ error: { code: e.code, message: e.message, fields: e.fields, requestId } }, { status: STATUS[e.code], headers });
  }
  const { codes, fatal } = errorCodes(e);
  for (const code of codes) {
    const known = PRISMA_CODES[code];
    if (known) return Response.json({ error: { code: known.code, message: known.message, requestId } }, { status: known.status, headers });
    if (UNAVAILABLE_CODES.has(code) || code.startsWith("08")) return unavailable(e, requestId, headers);
    if (INVALID_INPUT_CODES.has(code)) {
      // A boundary check (lib/http/clean-input.ts) let this through: worth knowing, not a 500.
      logger.warn("database refused a value from the request", { requestId, code });
      const message = "A value in the request is not valid for the database (a NUL character, invalid text, or a value too long or out of range).";
      return Response.json({ error: { code: "bad_request", message, requestId } }, { status: 400, headers });
    }
  }
  if (fatal) return unavailable(e, requestId, headers);
  logger.error("unhandled error", { requestId, error: e });
  return Response.json({ error: { code: "internal", message: "Something went wrong on our side.", requestId } }, { status: 500, headers });
}
