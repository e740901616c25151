// The HTTP client with a fake fetch: what it sends, and when it stops retrying.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { LineBatcher, type Batch } from "@/lib/shipper/batcher";
import { FatalError, IngestClient, type ClientOptions } from "@/lib/shipper/client";

function batchOf(text: string): Batch {
  const b = new LineBatcher({ label: "t.log", identity: "file:1:1:1" }, { maxLines: 100, maxBytes: 1 << 20 });
  b.push(Buffer.from(text));
  return b.flush()!;
}

interface Call {
  headers: Record<string, string>;
  body: string;
}

function fakeFetch(answers: (() => Response)[], calls: Call[]): typeof fetch {
  return (async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push({ headers: init!.headers as Record<string, string>, body: gunzipSync(init!.body as Uint8Array).toString() });
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    return next();
  }) as typeof fetch;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const accepted = json(202, { accepted: 2, rejected: 0, errors: [] });
const fast = { baseMs: 5, maxMs: 20, maxRetryAfterMs: 1000 };
const client = (answers: (() => Response)[], calls: Call[], extra: Partial<ClientOptions> = {}) =>
  new IngestClient({ endpoint: "http://x/api/v1/ingest", token: "ow_src_t", retryForMs: null, policy: fast, fetch: fakeFetch(answers, calls), ...extra });

test("sends the lines gzipped, with the token, text/plain and the batch's key; retries keep the key", async () => {
  const calls: Call[] = [];
  const [outcome] = await client([json(503, { error: { message: "down" } }, { "retry-after": "0" }), accepted], calls).deliver(batchOf("a\nb\n"));
  assert.equal(outcome!.kind, "delivered");
  assert.equal(calls.length, 2);
  assert.equal(calls[0]!.body, "a\nb\n");
  assert.equal(calls[0]!.headers.authorization, "Bearer ow_src_t");
  assert.equal(calls[0]!.headers["content-encoding"], "gzip");
  assert.match(calls[0]!.headers["content-type"]!, /^text\/plain/);
  assert.equal(calls[1]!.headers["idempotency-key"], calls[0]!.headers["idempotency-key"]);
});

test("a batch still failing after retryFor is given up, with the last reason", async () => {
  const calls: Call[] = [];
  const [outcome] = await client([json(503, { error: { message: "The database is unavailable" } })], calls, { retryForMs: 60 }).deliver(batchOf("a\n"));
  assert.equal(outcome!.kind, "undelivered");
  assert.match(outcome!.kind === "undelivered" ? outcome!.reason : "", /^giving up after \d+ tries in \d+ s: HTTP 503: The database is unavailable$/);
  assert.ok(calls.length >= 2);
});

test("stop() bounds retrying forever: a waiting batch gives up at the stop deadline", async () => {
  const calls: Call[] = [];
  const c = client([json(429, { error: { message: "slow down" } }, { "retry-after": "1" })], calls);
  const started = Date.now();
  const sending = c.deliver(batchOf("a\n"));
  await new Promise((r) => setTimeout(r, 50));
  c.stop(0);
  const [outcome] = await sending;
  assert.equal(outcome!.kind, "undelivered");
  assert.ok(Date.now() - started < 900, "did not sleep the whole Retry-After");
});

test("401 is fatal: token refused; 404 is fatal and points at --url; a 2xx that is not an ingest answer is fatal", async () => {
  await assert.rejects(client([json(401, { error: { message: "Unknown or rotated ingest token." } })], []).deliver(batchOf("a\n")), (e: unknown) => {
    assert.ok(e instanceof FatalError);
    assert.match(e.message, /^token refused \(HTTP 401: Unknown or rotated ingest token\.\)/);
    return true;
  });
  await assert.rejects(client([() => new Response("<html>Not Found</html>", { status: 404 })], []).deliver(batchOf("a\n")), /HTTP 404: <html>Not Found<\/html>\)\. Check --url/);
  await assert.rejects(client([() => new Response("<html>hi</html>", { status: 200 })], []).deliver(batchOf("a\n")), /without an ingest answer/);
});
