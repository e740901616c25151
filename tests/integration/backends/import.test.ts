// Config import applied to a real database: a dry run changes nothing, an apply creates backends
// and probes in one go, a re-apply is unchanged, a changed config updates only what changed, and a
// backend discovered from logs and then imported stays one row.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { importBackends } from "@/lib/backends/import-apply";
import { updateBackend } from "@/lib/backends/backends";
import { createSource, sourceFromToken } from "@/lib/sources/sources";
import { ingestBatch } from "@/lib/ingest/intake";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const viewer: Actor = { kind: "token", id: "t-viewer", name: "viewer", role: "viewer" };
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../../fixtures/import", name), "utf8");

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("import");
});
after(async () => {
  await t?.cleanup();
});

const counts = async () => ({
  backends: await t.db.prisma.backend.count(),
  probes: await t.db.prisma.probe.count(),
  audit: await t.db.prisma.auditLog.count({ where: { action: "backend.import" } }),
});

test("VCL: dry run changes nothing, apply creates, re-apply is unchanged", async () => {
  const vcl = fixture("shop.vcl");
  const dry = await importBackends(t.db.prisma, owner, "vcl", vcl, { dryRun: true });
  assert.deepEqual([dry.dryRun, dry.applied], [true, false]);
  assert.equal(dry.backends.length, 6);
  assert.ok(dry.backends.every((b) => b.action === "create"));
  assert.deepEqual(await counts(), { backends: 0, probes: 0, audit: 0 });

  const applied = await importBackends(t.db.prisma, owner, "vcl", vcl, { dryRun: false });
  assert.equal(applied.applied, true);
  assert.deepEqual(applied.summary.backends, { create: 6, update: 0, unchanged: 0 });
  assert.deepEqual(
    applied.backends.map((b) => b.action),
    dry.backends.map((b) => b.action),
    "the dry run told exactly what the apply did",
  );
  const app3 = await t.db.prisma.backend.findUniqueOrThrow({ where: { name: "app3" }, include: { probes: true } });
  assert.deepEqual([app3.origin, app3.address, app3.connectTimeoutMs, app3.tags], ["imported", "10.0.1.13:8080", 3500, ["vcl-director:shop", "vcl-director:primary"]]);
  const probe = app3.probes[0]!;
  assert.deepEqual([probe.kind, probe.origin, probe.intervalMs, probe.timeoutMs, probe.window, probe.threshold, probe.initial], ["http", "imported", 10000, 3000, 5, 4, 3]);
  assert.deepEqual(
    [(probe.config as { url: string }).url, (probe.config as { headers: unknown }).headers, (probe.config as { expectedStatus: unknown }).expectedStatus],
    ["http://10.0.1.13:8080/healthz?deep=1", { Host: "shop.example.com" }, [204]],
  );
  const after = await counts();
  assert.equal(after.audit, 1);

  const again = await importBackends(t.db.prisma, owner, "vcl", vcl, { dryRun: false });
  assert.deepEqual(again.summary.backends, { create: 0, update: 0, unchanged: 6 });
  assert.equal(again.summary.probes.create + again.summary.probes.update, 0);
  assert.deepEqual({ ...(await counts()), audit: after.audit }, after);
});

test("a changed config updates only what changed and keeps the user's own tags and probes", async () => {
  const app1 = await t.db.prisma.backend.findUniqueOrThrow({ where: { name: "app1" } });
  await updateBackend(t.db.prisma, owner, app1.id, { tags: [...app1.tags, "team:checkout"] });
  const changed = fixture("shop.vcl").replace('.url = "/health";', '.url = "/ready";');
  assert.notEqual(changed, fixture("shop.vcl"));
  const out = await importBackends(t.db.prisma, owner, "vcl", changed, { dryRun: false });
  const item = out.backends.find((b) => b.name === "app1")!;
  assert.equal(item.action, "unchanged", "the user's tag survives and is not a change");
  assert.equal(item.probe.action, "update");
  assert.deepEqual(item.probe.changes, ["config"]);
  const row = await t.db.prisma.backend.findUniqueOrThrow({ where: { name: "app1" }, include: { probes: true } });
  assert.ok(row.tags.includes("team:checkout"));
  assert.match((row.probes[0]!.config as { url: string }).url, /\/ready$/);
});

test("a backend discovered from Varnish logs and then imported from its VCL is one row", async () => {
  const created = await createSource(t.db.prisma, owner, {
    name: "edge",
    kind: "varnish",
    format: '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %{VSL:BackendOpen[2]}x',
  });
  const source = (await sourceFromToken(t.db.prisma, created.token))!;
  const d = new Date(Date.now() - 60_000);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const stamp = `${String(d.getUTCDate()).padStart(2, "0")}/${month}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
  const line = (path: string) => `10.0.0.1 - - [${stamp}] "GET http://shop${path} HTTP/1.1" 503 100 "-" "curl" app9`;
  assert.equal((await ingestBatch(t.db, source, [line("/a")])).accepted, 1);
  const discovered = await t.db.prisma.backend.findUniqueOrThrow({ where: { name: "app9" } });
  assert.equal(discovered.origin, "discovered");

  const vcl = `vcl 4.1;\nbackend app9 {\n  .host = "10.0.9.9";\n  .port = "8080";\n  .probe = { .url = "/ping"; .interval = 2s; .timeout = 1s; }\n}\n`;
  const dry = await importBackends(t.db.prisma, owner, "vcl", vcl, { dryRun: true });
  assert.deepEqual([dry.backends[0]!.action, dry.backends[0]!.changes], ["update", ["address", "timeouts", "origin"]]);
  await importBackends(t.db.prisma, owner, "vcl", vcl, { dryRun: false });
  const rows = await t.db.prisma.backend.findMany({ where: { name: "app9" }, include: { probes: true } });
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0]!.id, rows[0]!.origin, rows[0]!.address, rows[0]!.probes.length], [discovered.id, "imported", "10.0.9.9:8080", 1]);
  assert.equal((rows[0]!.probes[0]!.config as { url: string }).url, "http://10.0.9.9:8080/ping");

  // Logs naming it again leave the one row as it is.
  assert.equal((await ingestBatch(t.db, source, [line("/b")])).accepted, 1);
  const again = await t.db.prisma.backend.findMany({ where: { name: "app9" } });
  assert.deepEqual(again.map((b) => [b.id, b.origin]), [[discovered.id, "imported"]]);
});

test("HAProxy: checks become probes; values our model cannot hold are adjusted with a note", async () => {
  const out = await importBackends(t.db.prisma, owner, "haproxy", fixture("haproxy.cfg"), { dryRun: false });
  // web2's check timeout (3 s) exceeds its inter (2 s).
  assert.ok(out.notes.some((n) => /web2.*timeout 3000 ms lowered to the interval, 2000 ms/.test(n.message)), JSON.stringify(out.notes));
  const web2 = await t.db.prisma.backend.findUniqueOrThrow({ where: { name: "be_web/web2" }, include: { probes: true } });
  assert.deepEqual([web2.probes[0]!.intervalMs, web2.probes[0]!.timeoutMs, web2.tags], [2000, 2000, ["haproxy-backend:be_web"]]);
  assert.deepEqual((web2.probes[0]!.config as { headers: unknown }).headers, { Host: "shop.example.com" });
});

test("only editors and above may import", async () => {
  await assert.rejects(importBackends(t.db.prisma, viewer, "nginx", fixture("nginx.conf"), { dryRun: true }), (e: unknown) => e instanceof AppError && e.code === "forbidden");
});

test("a config with syntax errors is refused whole on apply (422 naming the line), and previews still show what was read", async () => {
  const broken = fixture("broken.vcl");
  const preview = await importBackends(t.db.prisma, owner, "vcl", broken, { dryRun: true });
  assert.ok(preview.backends.length > 0, "the backends before the error are previewed");
  assert.ok(preview.notes.some((n) => n.level === "error"));
  const before = await t.db.prisma.backend.count();
  await assert.rejects(importBackends(t.db.prisma, owner, "vcl", broken, { dryRun: false }), (e: AppError) => {
    assert.equal(e.code, "unprocessable");
    assert.match(e.message, /nothing was applied\. First: line 17/);
    return true;
  });
  assert.equal(await t.db.prisma.backend.count(), before);
});
