// When to try a batch again, and how long to wait first. Pure: the random source and the clock
// are arguments, so the policy is tested without sleeping.

export interface RetryPolicy {
  /** The first wait after a failure without Retry-After. */
  baseMs: number;
  /** Exponential waits stop growing here. */
  maxMs: number;
  /** A server's Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 5 * 60_000 };

/**
 * The wait before retry number `retry` (1 = the first retry): exponential from baseMs, capped at
 * maxMs, with "equal jitter" (between half and all of it) so many shippers that failed together
 * do not come back together.
 */
export function backoffDelay(retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(retry - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Retry-After in milliseconds: delay-seconds ("5") or an HTTP date; undefined when absent or
 * unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // "-3", "1.5": neither seconds nor a date
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The wait before retry number `retry`. With a Retry-After the server knows best: that long
 * (capped), plus up to 10% (at most 1 s) of jitter; without one, backoffDelay.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  if (retryAfterMs === undefined) return backoffDelay(retry, policy, random);
  const wait = Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  return Math.round(wait + random() * Math.min(1000, wait * 0.1));
}

/** What an HTTP status means for a batch. */
export type StatusVerdict =
  | "delivered" // 2xx: the server counted it (or had already: duplicate)
  | "retry" // 408, 429, 5xx: try the same batch again, same key
  | "too_large" // 413: send it in smaller pieces
  | "unauthorized" // 401, 403: the token is refused; every other batch would be too
  | "refused"; // any other 4xx (or 1xx/3xx): sending it again changes nothing

export function classifyStatus(status: number): StatusVerdict {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  if (status === 413) return "too_large";
  if (status === 401 || status === 403) return "unauthorized";
  return "refused";
}

/** Network failures (no HTTP answer) worth retrying: all of them, named for people. */
export function describeNetworkError(e: unknown): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return "no answer in time";
  const cause = (e as { cause?: unknown })?.cause ?? e;
  const code = (cause as { code?: unknown })?.code;
  const message = cause instanceof Error ? cause.message : e instanceof Error ? e.message : String(e);
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    EPIPE: "connection closed while sending",
    UND_ERR_SOCKET: "connection closed before the answer",
    UND_ERR_CONNECT_TIMEOUT: "connection timed out",
    UND_ERR_HEADERS_TIMEOUT: "no answer in time",
    UND_ERR_BODY_TIMEOUT: "the answer stalled",
  };
  if (typeof code === "string") return `${known[code] ?? message} (${code})`;
  return message || "network error";
}
