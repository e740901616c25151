// The varnish_stats probe against counters from a real varnishd: `varnishstat -j` served over
// HTTP (what an operator exposes, or an agent relays), before and after backend failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary, startChild, waitFor } from "../ingest/support/processes";
import { freePort } from "../../helpers/server";
import { runProbe } from "@/lib/probes/kinds/registry";

const varnishd = findBinary("varnishd");
const varnishstat = findBinary("varnishstat");

test("varnish_stats reads a real varnishstat -j and reports backend failures since the last probe", {
  skip: !varnishd || !varnishstat ? "varnishd/varnishstat not installed (Debian: apt-get install varnish)" : false,
  timeout: 90_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "ow-varnishstat-"));
  const workdir = join(dir, "work");
  const port = await freePort();
  const deadBackend = await freePort(); // nothing listens there: every fetch is refused
  const daemon = startChild("varnishd", varnishd!, [
    "-F", "-n", workdir, "-j", "none", "-a", `127.0.0.1:${port}`, "-T", "none",
    "-b", `127.0.0.1:${deadBackend}`, "-s", "malloc,16m",
    "-p", "thread_pools=1", "-p", "thread_pool_min=5", "-p", "thread_pool_max=20",
  ], { cwd: dir });
  const stats = createServer((_req, res) => {
    try {
      res.setHeader("content-type", "application/json");
      // Bounded: varnishstat waits for varnishd's shared memory, and this blocks the event loop.
      res.end(execFileSync(varnishstat!, ["-n", workdir, "-j"], { encoding: "utf8", timeout: 10_000 }));
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  await new Promise<void>((r) => stats.listen(0, "127.0.0.1", r));
  t.after(async () => {
    stats.close();
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${(stats.address() as { port: number }).port}/`;
  // Each request bounded: a varnishd that accepted but is not serving yet must cost a retry, not
  // the test's whole time (the wait below only checks its deadline between attempts).
  const request = () =>
    fetch(`http://127.0.0.1:${port}/page-${Math.random()}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status).catch(() => 0);
  await waitFor("varnishd to answer", 30_000, async () => ((await request()) === 503 ? true : undefined), () => daemon.output());

  const ctx = { timeoutMs: 10_000, signal: new AbortController().signal, now: Date.now };
  const first = await runProbe("varnish_stats", { url }, ctx);
  assert.equal(first.ok, true, first.message);
  assert.equal(typeof first.signals?.["MAIN.backend_fail"], "number");

  for (let i = 0; i < 3; i++) assert.equal(await request(), 503);
  const second = await runProbe("varnish_stats", { url }, { ...ctx, previous: first.signals });
  assert.equal(second.ok, true, second.message);
  assert.ok(Number(second.signals?.["MAIN.backend_fail.delta"]) >= 3, JSON.stringify(second.signals));
  assert.match(second.summary ?? "", /since last probe/);
});
