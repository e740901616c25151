import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { AppError } from "@/lib/errors/app-error";
import { ingestRequestShape, readIngestLines } from "@/lib/ingest/body";
import { LineSplitter } from "@/lib/ingest/lines";
import { LineRateLimiter } from "@/lib/ingest/rate-limit";

const request = (body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  new Request("http://x/api/v1/ingest", { method: "POST", body, headers: { "content-type": "text/plain", ...headers }, duplex: "half" } as RequestInit);
const read = (req: Request, maxLines = 1000, admit?: (n: number) => void) =>
  readIngestLines(req, ingestRequestShape(req), { maxBodyBytes: 1 << 20, maxLines }, admit);
const code = (c: string, pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === c && pattern.test(e.message);

test("lines split across chunks the way splitLines always did: CRLF, empty lines, no final newline, a line in many pieces", () => {
  const s = new LineSplitter();
  for (const piece of ["a\r", "\nb\n\n", "lo", "n", "g\r\n", "last"]) s.push(piece);
  assert.deepEqual(s.end(), ["a", "b", "", "long", "last"]);
  const t = new LineSplitter();
  t.push("x\n");
  assert.deepEqual(t.end(), ["x"], "a final newline makes no extra line");
});

test("the splitter asks before keeping lines, with the running count", () => {
  const seen: number[] = [];
  const s = new LineSplitter((n) => seen.push(n));
  s.push("a\nb\n");
  s.push("c");
  s.end();
  assert.deepEqual(seen, [2, 3]);
});

test("gzip bodies stream through: UTF-8 split across chunks survives, a newline bomb stops at the line cap", async () => {
  const text = "\ufeffé\n日本\n";
  assert.deepEqual((await read(request(new Uint8Array(gzipSync(text)), { "content-encoding": "gzip" }))).lines, ["é", "日本"], "a BOM is dropped");
  const split = Buffer.concat([Buffer.from("é\n日本"), Buffer.from([0xff]), Buffer.from("\n")]);
  const pieces = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < split.length; i++) c.enqueue(new Uint8Array(split.subarray(i, i + 1)));
      c.close();
    },
  });
  assert.deepEqual((await read(request(pieces))).lines, ["é", "日本\ufffd"], "one byte at a time; a bad byte becomes U+FFFD");
  const bomb = new Uint8Array(gzipSync(Buffer.alloc(800_000, 0x0a)));
  await assert.rejects(read(request(bomb, { "content-encoding": "gzip" })), code("payload_too_large", /1000 lines \(INGEST_MAX_LINES_PER_BATCH\)/));
  const big = new Uint8Array(gzipSync(Buffer.alloc(2 << 20, 0x41)));
  await assert.rejects(read(request(big, { "content-encoding": "gzip" })), code("payload_too_large", /after gzip decoding.*INGEST_MAX_BODY_BYTES/));
  await assert.rejects(read(request("not gzip", { "content-encoding": "gzip" })), code("bad_request", /not valid gzip/));
  assert.throws(() => ingestRequestShape(request("x", { "content-encoding": "br" })), code("bad_request", /br is not supported/));
});

test("a refusal from admit (the rate limit) stops keeping the body's lines", async () => {
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new TextEncoder().encode("line\n".repeat(100)));
    },
  });
  const over = new AppError("rate_limited", "over");
  let atRefusal = 0;
  const admit = (n: number) => {
    if (n <= 300) return;
    atRefusal = pulled;
    throw over;
  };
  await assert.rejects(read(request(endless), 1_000_000, admit), (e) => e === over);
  assert.ok(atRefusal < 10, `pulled ${atRefusal} chunks before refusing`);
});

test("the rate limiter's check takes nothing; take does", () => {
  let now = 0;
  const limiter = new LineRateLimiter(100, () => now);
  assert.deepEqual(limiter.check("s", 150), { ok: true });
  assert.deepEqual(limiter.take("s", 150), { ok: true });
  assert.deepEqual(limiter.check("s", 1), { ok: true }, "50 tokens left");
  assert.equal(limiter.check("s", 51).ok, false);
  now = 1000;
  assert.deepEqual(limiter.check("s", 150), { ok: true }, "refilled 100/s");
});
