// Status-page probes over real HTTP: served sample payloads, deltas across two runs, and the
// failure modes (wrong page, error status, oversized payload, origin down).
import { test } from "node:test";
import assert from "node:assert/strict";
import { runProbe } from "@/lib/probes/kinds/registry";
import type { ProbeKindId } from "@/lib/probes/types";
import { readFixture } from "../../unit/probes/fixtures/load";
import { assertFailure, closedPort, probeContext, startHttpOrigin } from "./support/servers";

const bounded = { timeout: 10_000 };

const pages: Record<string, { body: string; type: string }> = {
  "/fpm-status": { body: readFixture("phpfpm-status.json"), type: "application/json" },
  "/nginx_status": { body: readFixture("nginx-stub-status.txt"), type: "text/plain" },
  "/varnishstat.json": { body: readFixture("varnishstat-7.json"), type: "application/json" },
  "/haproxy;csv": { body: readFixture("haproxy-stats.csv"), type: "text/plain" },
  "/html": { body: "<html><body>It works!</body></html>", type: "text/html" },
};

async function statusServer() {
  return startHttpOrigin((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === "/huge") {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "[".repeat(64 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      return pump();
    }
    const page = pages[path];
    if (!page) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": page.type }).end(page.body);
  });
}

const cases: [ProbeKindId, string, string][] = [
  ["phpfpm", "/fpm-status?json", "listen_queue"],
  ["nginx_status", "/nginx_status", "active"],
  ["varnish_stats", "/varnishstat.json", "MAIN.backend_fail"],
  ["haproxy_stats", "/haproxy;csv", "servers_down"],
];

test("each status-page kind reads its payload over HTTP and summarises it", bounded, async (t) => {
  const server = await statusServer();
  t.after(() => server.close());
  for (const [kind, path, signal] of cases) {
    const result = await runProbe(kind, { url: server.url(path) }, probeContext(2_000));
    assert.equal(result.ok, true, `${kind}: ${result.message}`);
    assert.equal(result.status, 200);
    assert.equal(typeof result.signals?.[signal], "number", `${kind} signal ${signal}`);
    assert.equal(typeof result.signals?.saturated, "boolean");
    assert.ok(result.summary && result.summary.length > 0);
  }
});

test("the second run reports deltas against the first run's signals", bounded, async (t) => {
  let accepted = 1000;
  let handled = 1000;
  const server = await startHttpOrigin((_req, res) => {
    res.end(`Active connections: 3 \nserver accepts handled requests\n ${accepted} ${handled} ${accepted * 2} \nReading: 0 Writing: 1 Waiting: 2 \n`);
  });
  t.after(() => server.close());
  const first = await runProbe("nginx_status", { url: server.url() }, probeContext(2_000));
  assert.equal(first.ok, true);
  accepted += 50;
  handled += 42;
  const second = await runProbe("nginx_status", { url: server.url() }, probeContext(2_000, { previous: first.signals }));
  assert.equal(second.ok, true);
  assert.equal(second.signals?.dropped, 8);
  assert.equal(second.signals?.["requests.delta"], 100);
  assert.equal(second.signals?.saturated, true);
  assert.match(second.summary ?? "", /^nginx dropped 8 connections since last probe/);
});

test("a page that cannot be parsed is bad_response; the probe still answers", bounded, async (t) => {
  const server = await statusServer();
  t.after(() => server.close());
  for (const kind of ["phpfpm", "nginx_status", "varnish_stats", "haproxy_stats"] as const) {
    const result = await runProbe(kind, { url: server.url("/html") }, probeContext(2_000));
    assertFailure(result, "bad_response", /could not be read/);
    assert.equal(result.status, 200);
  }
});

test("an error status from the status page is unexpected_status", bounded, async (t) => {
  const server = await statusServer();
  t.after(() => server.close());
  const result = await runProbe("phpfpm", { url: server.url("/missing") }, probeContext(2_000));
  assertFailure(result, "unexpected_status", /^PHP-FPM status page answered 404$/);
  assert.equal(result.status, 404);
});

test("an endless status page is cut off and reported as bad_response", bounded, async (t) => {
  const server = await statusServer();
  t.after(() => server.close());
  const result = await runProbe("varnish_stats", { url: server.url("/huge") }, probeContext(5_000));
  assertFailure(result, "bad_response", /larger than 4 MiB/);
});

test("a status page that is down is classified like any origin", bounded, async () => {
  const port = await closedPort();
  const result = await runProbe("haproxy_stats", { url: `http://127.0.0.1:${port}/;csv` }, probeContext(2_000));
  assertFailure(result, "connect_refused");
});
