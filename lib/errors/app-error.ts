// The one error type the app throws on purpose. Each code maps to one HTTP status in
// lib/wire/error-response.ts; anything that is not an AppError is a bug and answers a generic 500.
export type AppErrorCode =
  | "bad_request" // 400: input failed validation
  | "unauthorized" // 401: no or bad credentials
  | "forbidden" // 403: authenticated, but the role does not allow it
  | "not_found" // 404
  | "conflict" // 409: unique name taken, state does not allow it
  | "payload_too_large" // 413
  | "unprocessable" // 422
  | "rate_limited" // 429
  | "unavailable" // 503: database down or starting
  | "config"; // start-up configuration is wrong (never reaches HTTP)

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: FieldIssue[];
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, opts: { fields?: FieldIssue[]; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
