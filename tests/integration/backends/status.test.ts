// The status contract of GET /api/v1/backends, through the domain function the route calls,
// against a real database: real ingested traffic (30 % 5xx, no probe) makes a backend failing, a
// probe silent for 3 intervals is stale, a firing alert instance makes a clean backend failing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Actor } from "@/lib/auth/permissions";
import { createBackend, getBackend, listBackends } from "@/lib/backends/backends";
import { createProbe } from "@/lib/backends/probes";
import { createSource, sourceFromToken } from "@/lib/sources/sources";
import { ingestBatch } from "@/lib/ingest/intake";
import { BackendView } from "@/lib/backends/schemas";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const viewer: Actor = { kind: "token", id: "t-viewer", name: "viewer", role: "viewer" };
const FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $proxy_host $upstream_status';
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const nginxTime = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
const line = (backend: string, status: number, agoMs: number) =>
  `10.0.0.7 - - [${nginxTime(new Date(Date.now() - agoMs))}] "GET /x HTTP/1.1" ${status} 10 "-" "curl/8" ${backend} ${status}`;

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("backend-status");
});
after(async () => {
  await t?.cleanup();
});

test("every backend in the list carries status and statusReason, derived from traffic, alerts and probes", async () => {
  const created = await createSource(t.db.prisma, owner, { name: "edge", kind: "nginx", format: FORMAT });
  const src = (await sourceFromToken(t.db.prisma, created.token))!;
  // search: 30 % 5xx over the last minutes and no probe. shop: clean traffic. quiet: 5 requests.
  const lines: string[] = [];
  for (let i = 0; i < 100; i++) lines.push(line("search", i % 10 < 3 ? 503 : 200, 30_000 + i * 1000));
  for (let i = 0; i < 50; i++) lines.push(line("shop", 200, 20_000 + i * 1000));
  for (let i = 0; i < 5; i++) lines.push(line("quiet", 500, 10_000));
  // Traffic older than the window counts for nothing now.
  for (let i = 0; i < 50; i++) lines.push(line("old", 502, 30 * 60_000));
  assert.equal((await ingestBatch(t.db, src, lines)).accepted, lines.length);

  // stale: a probe made an hour ago that never reported.
  const { backend: staleBackend } = await createBackend(t.db.prisma, owner, { name: "stale-one" });
  const p = await createProbe(t.db.prisma, owner, staleBackend.id, { kind: "tcp", config: { host: "10.9.9.9", port: 80 }, intervalMs: 10_000 });
  await t.db.prisma.probe.update({ where: { id: p.id }, data: { createdAt: new Date(Date.now() - 3_600_000), health: "healthy", lastResult: { ok: true, at: Date.now() - 8 * 60_000, durationMs: 3 } } });

  const list = await listBackends(t.db.prisma, viewer);
  for (const b of list) BackendView.parse(b); // the documented contract
  const by = new Map(list.map((b) => [b.name, b]));
  assert.equal(by.get("search")?.status, "failing");
  assert.match(by.get("search")!.statusReason, /30 % 5xx of 100 requests in the last 5 minutes/);
  assert.deepEqual(by.get("search")?.traffic, { windowMinutes: 5, requests: 100, errors5xx: 30 });
  assert.equal(by.get("shop")?.status, "healthy");
  assert.equal(by.get("quiet")?.status, "unknown");
  assert.equal(by.get("old")?.status, "unknown");
  assert.equal(by.get("stale-one")?.status, "stale");
  const detail = await getBackend(t.db.prisma, viewer, staleBackend.id);
  assert.equal(detail.status, "stale");
  assert.equal(detail.probes[0]?.stale, true);

  // An alert rule firing for shop: failing, and the reason names the rule.
  const rule = await t.db.prisma.alertRule.create({ data: { name: "shop latency", kind: "latency", config: {}, scope: {} } });
  await t.db.prisma.alertInstance.create({ data: { ruleId: rule.id, instanceKey: "shop", state: "firing", since: new Date(), reason: "p95 above 800 ms" } });
  const shop = (await listBackends(t.db.prisma, viewer)).find((b) => b.name === "shop")!;
  assert.equal(shop.status, "failing");
  assert.match(shop.statusReason, /"shop latency" firing \(p95 above 800 ms\)/);
});
