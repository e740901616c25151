// Issue #9 row 1: an anonymous 200 MiB chunked sign-in form ran the server out of heap. The
// next-auth route now reads its body through the one capped reader (16 KiB).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";
import { sampleRss, treeRssMb } from "../../helpers/process-rss";
import { MiB, postStream } from "../../helpers/bodies";

let s: RunningServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s?.stop();
});

test("a 200 MiB chunked sign-in POST answers 413 quickly; the server stays healthy and sign-in still works", async () => {
  // Growth over the idle server, not an absolute figure: a server fresh from its migrations sits
  // at several hundred MB until the collector runs, and the machine decides when that is.
  const idle = treeRssMb(s.pid);
  const rss = sampleRss(s.pid);
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const tries = await Promise.all(
    [1, 2, 3].map(() => postStream(`${s.baseUrl}/api/auth/callback/credentials`, 200 * MiB, form).catch((e: Error) => e)),
  );
  const peak = rss.stop();
  for (const r of tries) {
    assert.ok(!(r instanceof Error), `the server hung up instead of answering: ${String(r)}\n${s.logs()}`);
    assert.equal(r.status, 413, r.text);
    assert.match(r.text, /16384 bytes/);
    assert.ok(r.ms < 10_000, `answered after ${r.ms} ms`);
    assert.ok(r.sentBytes < 100 * MiB, `the server read ${r.sentBytes} bytes before refusing`);
  }
  assert.ok(peak - idle < 250, `server RSS grew from ${Math.round(idle)} to ${Math.round(peak)} MB`);

  assert.equal((await fetch(`${s.baseUrl}/api/health`)).status, 200);
  const cookie = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const me = await fetch(`${s.baseUrl}/api/v1/me`, { headers: { cookie } });
  assert.equal(me.status, 200);
});
