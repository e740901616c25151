import { test } from "node:test";
import assert from "node:assert/strict";
import { AppError } from "@/lib/errors/app-error";
import { discardUnreadBody, readBodyText } from "@/lib/wire/body";

const tooLarge = (pattern: RegExp) => (e: unknown) => e instanceof AppError && e.code === "payload_too_large" && pattern.test(e.message);

function endless(): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(1024).fill(0x61);
  return {
    body: new ReadableStream({
      pull(c) {
        pulled++;
        c.enqueue(chunk);
      },
    }),
    pulled: () => pulled,
  };
}

/** Waits until the stream is no longer pulled (the drain stopped), then answers how much it was. */
async function settled(pulled: () => number): Promise<number> {
  let last = -1;
  while (last !== pulled()) {
    last = pulled();
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

const post = (body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

test("a body within the cap reads whole; GET has none", async () => {
  assert.equal(await readBodyText(post("héllo"), { bytes: 6 }), "héllo");
  assert.equal(await readBodyText(new Request("http://x/"), { bytes: 1 }), "");
});

test("a chunked body stops at the cap: 413 naming it; the rest is dropped up to a bound, never kept", async () => {
  const s = endless();
  const req = post(s.body);
  await assert.rejects(readBodyText(req, { bytes: 16 * 1024 }), tooLarge(/16384 bytes \(16 KiB\)/));
  const kib = await settled(s.pulled);
  assert.ok(kib <= 16 + 8 * 1024 + 4, `read ${kib} KiB of an endless body`);
});

test("a declared Content-Length over the cap is refused unread; the setting is named", async () => {
  const s = endless();
  const req = post(s.body, { "content-length": String(2 << 20) });
  await assert.rejects(readBodyText(req, { bytes: 1 << 20, setting: "SOME_LIMIT" }), tooLarge(/1048576 bytes \(SOME_LIMIT\)/));
  assert.equal(req.bodyUsed, false);
  discardUnreadBody(req);
  const kib = await settled(s.pulled);
  assert.ok(kib > 0 && kib <= 8 * 1024 + 4, `dropped ${kib} KiB of an endless body`);
});
