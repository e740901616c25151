// Standard Webhooks signing against the specification's published example, secret generation,
// and the retry schedule (jitter bounds, Retry-After, giving up).
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateSecret, sign, signatureHeaders } from "@/lib/notifications/signing";
import { MAX_ATTEMPTS, RETRY_SCHEDULE_MS, nextDelayMs } from "@/lib/notifications/backoff";
import { parseRetryAfter } from "@/lib/notifications/channels/http";

test("signs the Standard Webhooks example exactly as the specification does", () => {
  const sig = sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
  assert.equal(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
});

test("secrets are whsec_ + base64 of 32 random bytes; two secrets give two space-separated signatures", () => {
  const a = generateSecret();
  assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(Buffer.from(a.slice(6), "base64").length, 32);
  assert.notEqual(a, generateSecret());
  const h = signatureHeaders([a, generateSecret()], "msg_1", 1700000000, "{}");
  assert.equal(h["webhook-id"], "msg_1");
  assert.equal(h["webhook-timestamp"], "1700000000");
  assert.equal(h["webhook-signature"].split(" ").length, 2);
});

test("the retry schedule: about 5 s, 5 min, ... 24 h with ±20 % jitter, then give up", () => {
  assert.equal(MAX_ATTEMPTS, 10);
  assert.equal(nextDelayMs(1, undefined, () => 0), RETRY_SCHEDULE_MS[0]! * 0.8);
  assert.equal(nextDelayMs(1, undefined, () => 1), RETRY_SCHEDULE_MS[0]! * 1.2);
  assert.equal(nextDelayMs(9, undefined, () => 0.5), 24 * 3600_000);
  assert.equal(nextDelayMs(10), null);
  assert.equal(nextDelayMs(1, 120_000), 120_000, "Retry-After wins");
  assert.equal(nextDelayMs(1, 0), 1000, "at least a second");
  assert.equal(nextDelayMs(1, 7 * 24 * 3600_000), 24 * 3600_000, "at most a day");
});

test("Retry-After in seconds or as an HTTP date", () => {
  assert.equal(parseRetryAfter("30"), 30_000);
  const now = Date.parse("2026-12-07T10:00:00Z");
  assert.equal(parseRetryAfter("Mon, 07 Dec 2026 10:01:00 GMT", now), 60_000);
  assert.equal(parseRetryAfter("soon"), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});
