import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, classifyStatus, describeNetworkError, parseRetryAfter, retryDelay, type RetryPolicy } from "@/lib/shipper/retry";

const policy: RetryPolicy = { baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 300_000 };
const low = () => 0;
const high = () => 0.999999;

test("backoff doubles from the base, with equal jitter between half and all of it", () => {
  assert.deepEqual([1, 2, 3, 4].map((r) => backoffDelay(r, policy, high)), [500, 1000, 2000, 4000]);
  assert.deepEqual([1, 2, 3, 4].map((r) => backoffDelay(r, policy, low)), [250, 500, 1000, 2000]);
});

test("backoff stops growing at the cap, however many retries", () => {
  assert.equal(backoffDelay(7, policy, high), 30_000);
  assert.equal(backoffDelay(500, policy, high), 30_000);
  assert.equal(backoffDelay(500, policy, low), 15_000);
});

test("Retry-After: seconds or an HTTP date; absent or unreadable is undefined", () => {
  const now = Date.parse("2026-11-21T10:00:00Z");
  assert.equal(parseRetryAfter("5", now), 5000);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("Sat, 21 Nov 2026 10:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Sat, 21 Nov 2026 09:00:00 GMT", now), 0, "a date in the past: now");
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("", now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter("-3", now), undefined);
});

test("a Retry-After wins over the backoff: that long plus at most 10% (and 1 s) of jitter, capped", () => {
  assert.equal(retryDelay(1, 5000, policy, low), 5000);
  assert.equal(retryDelay(1, 5000, policy, high), 5500);
  assert.equal(retryDelay(9, 2000, policy, low), 2000, "even late in the retries: the server knows best");
  assert.equal(retryDelay(1, 60_000, policy, high), 61_000, "jitter at most 1 s");
  assert.equal(retryDelay(1, 0, policy, high), 0);
  assert.equal(retryDelay(1, 3_600_000, policy, low), 300_000, "an hour is capped");
  assert.equal(retryDelay(3, undefined, policy, high), 2000, "without one: the backoff");
});

test("statuses: 2xx delivered; 408, 429, 5xx retried; 413 shrinks; 401/403 stop; other 4xx are refused", () => {
  assert.equal(classifyStatus(202), "delivered");
  assert.equal(classifyStatus(200), "delivered");
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(classifyStatus(s), "retry", String(s));
  assert.equal(classifyStatus(413), "too_large");
  assert.equal(classifyStatus(401), "unauthorized");
  assert.equal(classifyStatus(403), "unauthorized");
  for (const s of [400, 404, 405, 409, 422, 301]) assert.equal(classifyStatus(s), "refused", String(s));
});

test("network errors are named for people", () => {
  const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
  assert.equal(describeNetworkError(refused), "connection refused (ECONNREFUSED)");
  const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
  assert.equal(describeNetworkError(timeout), "no answer in time");
});
