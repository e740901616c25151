// Issue #9 row 6: readJson had no cap (a 60 MiB event body was stored: 201), and /api/v1/setup
// parsed, hashed and locked before noticing setup was done. Now JSON bodies stop at 1 MiB, and
// setup answers 409 before reading anything once an owner exists.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";
import { MiB, postStream } from "../../helpers/bodies";

let s: RunningServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s?.stop();
});

const json = () => ({ authorization: `Bearer ${s.token}`, "content-type": "application/json" });
/** A valid event with a padding field the schema would strip: only the size is wrong. */
const paddedEvent = (bytes: number) => JSON.stringify({ type: "note", title: "padded", pad: "a".repeat(bytes) });

test("a 60 MiB JSON event body answers 413 naming the 1 MiB limit, declared or chunked; a valid one is 201", async () => {
  const started = Date.now();
  const declared = await fetch(`${s.baseUrl}/api/v1/events`, { method: "POST", headers: json(), body: paddedEvent(60 * MiB) });
  assert.equal(declared.status, 413);
  assert.match(await declared.text(), /1048576 bytes \(1 MiB\)/);

  // Chunked, no Content-Length: the cap holds while the body streams in.
  const chunked = await postStream(`${s.baseUrl}/api/v1/events`, 60 * MiB, json());
  assert.equal(chunked.status, 413, chunked.text);
  assert.match(chunked.text, /1 MiB/);
  assert.ok(Date.now() - started < 20_000, `both answered after ${Date.now() - started} ms`);

  const ok = await fetch(`${s.baseUrl}/api/v1/events`, { method: "POST", headers: json(), body: paddedEvent(512 * 1024) });
  assert.equal(ok.status, 201, await ok.clone().text());
  assert.equal(((await ok.json()) as { title: string }).title, "padded");
  assert.equal((await fetch(`${s.baseUrl}/api/health`)).status, 200);
});

test("a 2 MiB setup post after setup answers 409 quickly, before reading it", async () => {
  const body = JSON.stringify({ email: "late@example.com", password: "a-long-enough-password", name: "n".repeat(2 * MiB) });
  const started = Date.now();
  const answers = await Promise.all(
    [1, 2, 3, 4].map(() => fetch(`${s.baseUrl}/api/v1/setup`, { method: "POST", headers: { "content-type": "application/json" }, body })),
  );
  const ms = Date.now() - started;
  for (const r of answers) {
    assert.equal(r.status, 409);
    assert.match(await r.text(), /Setup is done: an owner exists\. Sign in instead\./);
  }
  assert.ok(ms < 5_000, `answered after ${ms} ms`);

  // A valid-looking setup is refused the same way: no second owner, ever.
  const valid = await fetch(`${s.baseUrl}/api/v1/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "late@example.com", password: "a-long-enough-password" }),
  });
  assert.equal(valid.status, 409);
});
