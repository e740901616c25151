// A real PHP-FPM pool behind a real nginx, probed with the phpfpm and nginx_status kinds. The pool
// allows one child, so three concurrent slow requests make it hit max_children for real.
// PHP-FPM counts "max children reached" once per episode and re-arms only when it spawns a child,
// so the test first lets the ondemand pool go empty: the next request then spawns a fresh child.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { runProbe } from "@/lib/probes/kinds/registry";
import { NGINX_BINARY, findPhpFpmBinary, httpGet, startFpmBehindNginx } from "./support/fpm-nginx";
import { probeContext } from "./support/servers";

const phpFpm = findPhpFpmBinary();
const skip = !phpFpm
  ? "no /usr/sbin/php-fpm* binary: install php-fpm to run this test"
  : !existsSync(NGINX_BINARY)
    ? `${NGINX_BINARY} not found: install nginx to run this test`
    : false;

test("phpfpm and nginx_status probes read a live pool and a live nginx", { timeout: 30_000, skip }, async (t) => {
  const stack = await startFpmBehindNginx(phpFpm ?? "");
  t.after(() => stack.close());

  const fpmConfig = { url: stack.url("/fpm-status?json") };
  const nginxConfig = { url: stack.url("/nginx_status") };
  await stack.waitForEmptyPool();
  const fpmBefore = await runProbe("phpfpm", fpmConfig, probeContext(3_000));
  assert.equal(fpmBefore.ok, true, fpmBefore.message);
  assert.equal(fpmBefore.signals?.pool, "probe");
  assert.equal(fpmBefore.signals?.process_manager, "ondemand");
  assert.equal(typeof fpmBefore.signals?.max_children_reached, "number");
  assert.equal(fpmBefore.signals?.active_processes, 1, "the status request itself runs in the one child");
  assert.match(fpmBefore.summary ?? "", /^PHP-FPM pool probe/);

  const nginxBefore = await runProbe("nginx_status", nginxConfig, probeContext(3_000));
  assert.equal(nginxBefore.ok, true, nginxBefore.message);
  assert.equal(typeof nginxBefore.signals?.accepts, "number");
  assert.ok((nginxBefore.signals?.active as number) >= 1, "the probe's own connection is active");

  // Three requests for one child: the pool has to refuse to grow.
  const slow = await Promise.all([1, 2, 3].map(() => httpGet(stack.url("/slow.php"))));
  assert.deepEqual(slow.map((response) => response.body), ["done", "done", "done"]);

  const fpmAfter = await runProbe("phpfpm", fpmConfig, probeContext(3_000, { previous: fpmBefore.signals }));
  assert.equal(fpmAfter.ok, true, fpmAfter.message);
  assert.ok((fpmAfter.signals?.["max_children_reached.delta"] as number) >= 1, JSON.stringify(fpmAfter.signals));
  assert.ok((fpmAfter.signals?.["accepted_conn.delta"] as number) >= 4);
  assert.equal(fpmAfter.signals?.saturated, true);
  assert.match(fpmAfter.summary ?? "", /^PHP-FPM pool probe hit max_children \d+ times? since last probe/);

  const nginxAfter = await runProbe("nginx_status", nginxConfig, probeContext(3_000, { previous: nginxBefore.signals }));
  assert.equal(nginxAfter.ok, true, nginxAfter.message);
  assert.ok((nginxAfter.signals?.["requests.delta"] as number) >= 5, JSON.stringify(nginxAfter.signals));
  assert.equal(nginxAfter.signals?.dropped, 0);
  assert.equal(nginxAfter.signals?.saturated, false);
});
