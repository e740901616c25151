// Backends and their probes through the domain functions, against a real database: names stay
// unique (a discovered name is adopted), probe input is checked against the kind's schema and
// Varnish's parameters with errors naming fields, health is the worst of the enabled probes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { createBackend, deleteBackend, getBackend, listBackends, updateBackend } from "@/lib/backends/backends";
import { createProbe, deleteProbe, getProbe, listProbeResults, updateProbe } from "@/lib/backends/probes";
import { recordProbeResults, type ProbeRun } from "@/lib/observations/probes";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const viewer: Actor = { kind: "token", id: "t-viewer", name: "viewer", role: "viewer" };

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("backends");
});
after(async () => {
  await t?.cleanup();
});

async function rejects(promise: Promise<unknown>, code: AppError["code"], fields: string[] = []) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, code, e.message);
    for (const f of fields) assert.ok(e.fields?.some((x) => x.path === f), `${f} named in ${JSON.stringify(e.fields)}`);
    return true;
  });
}

test("create, read, update and delete a backend; names stay unique; every write is audited", async () => {
  const { backend, adopted } = await createBackend(t.db.prisma, owner, {
    name: "app1",
    address: "10.0.1.11:8080",
    tags: ["shop", "shop"],
    timeouts: { connectMs: 1500, firstByteMs: 30000 },
  });
  assert.equal(adopted, false);
  assert.deepEqual([backend.name, backend.origin, backend.tags, backend.health, backend.probes], ["app1", "manual", ["shop"], "unknown", []]);
  assert.deepEqual(backend.timeouts, { connectMs: 1500, firstByteMs: 30000, betweenBytesMs: null });
  await rejects(createBackend(t.db.prisma, owner, { name: "app1" }), "conflict", ["name"]);
  await rejects(createBackend(t.db.prisma, owner, { name: " ", timeouts: { connectMs: -1 }, extra: 1 }), "bad_request", ["name", "timeouts.connectMs", "(body)"]);

  const updated = await updateBackend(t.db.prisma, owner, backend.id, { address: null, timeouts: { betweenBytesMs: 60000 } });
  assert.equal(updated.address, null);
  assert.deepEqual(updated.timeouts, { connectMs: 1500, firstByteMs: 30000, betweenBytesMs: 60000 });
  assert.equal((await getBackend(t.db.prisma, viewer, backend.id)).name, "app1");
  assert.ok((await listBackends(t.db.prisma, owner)).some((b) => b.id === backend.id));

  await rejects(updateBackend(t.db.prisma, viewer, backend.id, { tags: [] }), "forbidden");
  await deleteBackend(t.db.prisma, owner, backend.id);
  await rejects(getBackend(t.db.prisma, owner, backend.id), "not_found");
  const audit = await t.db.prisma.auditLog.findMany({ where: { targetId: backend.id }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => a.action), ["backend.create", "backend.update", "backend.delete"]);
});

test("a backend discovered from logs is adopted when created or renamed onto, never duplicated", async () => {
  await t.db.sql.query(`INSERT INTO backends (id, name, origin, updated_at) VALUES ('d1', 'web7', 'discovered', now()), ('d2', 'web8', 'discovered', now())`);
  const { backend, adopted } = await createBackend(t.db.prisma, owner, { name: "web7", address: "10.0.0.7:80" });
  assert.equal(adopted, true);
  assert.deepEqual([backend.id, backend.origin, backend.address], ["d1", "manual", "10.0.0.7:80"]);
  const other = (await createBackend(t.db.prisma, owner, { name: "web9" })).backend;
  const renamed = await updateBackend(t.db.prisma, owner, other.id, { name: "web8" });
  assert.equal(renamed.name, "web8");
  assert.equal(await t.db.prisma.backend.count({ where: { name: "web8" } }), 1);
  await rejects(updateBackend(t.db.prisma, owner, other.id, { name: "web7" }), "conflict", ["name"]);
});

test("probes: Varnish defaults, the kind's schema and the parameters checked with errors naming fields", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "probed" });
  const before = Date.now();
  const probe = await createProbe(t.db.prisma, owner, backend.id, { kind: "http", config: { url: "http://10.0.0.1:8080/health" } });
  assert.deepEqual(
    [probe.intervalMs, probe.timeoutMs, probe.window, probe.threshold, probe.initial, probe.enabled, probe.origin, probe.health, probe.healthHistory],
    [5000, 2000, 8, 3, 2, true, "manual", "unknown", "00000011"],
  );
  assert.deepEqual(probe.config, { url: "http://10.0.0.1:8080/health", method: "GET", headers: {}, expectedStatus: [200], tlsVerify: true, followRedirects: false, maxRedirects: 5, maxBodyBytes: 65536 });
  const next = Date.parse(probe.nextRunAt);
  assert.ok(next >= before - 5 && next <= Date.now() + 5000, "the first run lies within one interval");

  await rejects(createProbe(t.db.prisma, owner, backend.id, { kind: "http", config: { url: "ftp://x" }, threshold: 9, timeoutMs: 9000 }), "bad_request", ["config.url", "threshold", "timeoutMs"]);
  await rejects(createProbe(t.db.prisma, owner, backend.id, { kind: "gopher", config: {} }), "bad_request", ["kind"]);
  await rejects(createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "db", port: 70000 } }), "bad_request", ["config.port"]);
  await rejects(createProbe(t.db.prisma, owner, "nope", { kind: "tcp", config: { host: "db", port: 5432 } }), "not_found");
  await rejects(updateProbe(t.db.prisma, owner, probe.id, { kind: "tcp" }), "bad_request", ["config"]);

  // A new window keeps the newest results; a new interval re-times the first run.
  const wider = await updateProbe(t.db.prisma, owner, probe.id, { window: 10, intervalMs: 10000 });
  assert.deepEqual([wider.window, wider.threshold, wider.healthHistory, wider.intervalMs], [10, 3, "0000000011", 10000]);
  const tcp = await updateProbe(t.db.prisma, owner, probe.id, { kind: "tcp", config: { host: "10.0.0.1", port: 8080 } });
  assert.deepEqual([tcp.kind, tcp.config, tcp.health, tcp.healthHistory], ["tcp", { host: "10.0.0.1", port: 8080 }, "unknown", "0000000011"]);
  const audit = await t.db.prisma.auditLog.findMany({ where: { targetId: probe.id }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => a.action), ["probe.create", "probe.update", "probe.update"]);
  await rejects(updateProbe(t.db.prisma, viewer, probe.id, { enabled: false }), "forbidden");
  await deleteProbe(t.db.prisma, owner, probe.id);
  await rejects(getProbe(t.db.prisma, owner, probe.id), "not_found");
});

test("viewers see probe configs without secrets", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "secret-status" });
  const probe = await createProbe(t.db.prisma, owner, backend.id, {
    kind: "phpfpm",
    config: { url: "http://admin:pw@10.0.0.2/status", headers: { Authorization: "Bearer s3cret" } },
  });
  const seen = await getProbe(t.db.prisma, viewer, probe.id);
  assert.deepEqual(seen.config.headers, { Authorization: "[hidden]" });
  assert.doesNotMatch(String(seen.config.url), /pw/);
  // Write-only since issue #9: the owner too sees that a password is set, never the password.
  assert.equal((await getProbe(t.db.prisma, owner, probe.id)).config.url, "http://admin:hidden@10.0.0.2/status");
});

test("backend health is the worst of its enabled probes; results come back with their phases", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "health-mix" });
  const a = await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.3", port: 80 }, window: 1, threshold: 1, initial: 0 });
  const b = await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.3", port: 81 }, window: 1, threshold: 1, initial: 0 });
  const now = Date.now();
  const ok = { ok: true, at: now - 2000, durationMs: 4, phases: { connectMs: 1.5, totalMs: 4 } };
  await t.db.sql.transaction((tx) => recordProbeResults(tx, [{ probeId: a.id, result: ok }]));
  assert.equal((await getBackend(t.db.prisma, owner, backend.id)).health, "unknown", "b has no result yet");
  await t.db.sql.transaction((tx) => recordProbeResults(tx, [{ probeId: b.id, result: { ok: false, at: now - 1000, durationMs: 2, errorClass: "connect_refused", message: "refused" } }]));
  const sick = await getBackend(t.db.prisma, owner, backend.id);
  assert.equal(sick.health, "sick");
  assert.deepEqual([sick.lastResult?.probeId, sick.lastResult?.errorClass], [b.id, "connect_refused"]);
  await updateProbe(t.db.prisma, owner, b.id, { enabled: false });
  const healthy = await getBackend(t.db.prisma, owner, backend.id);
  assert.deepEqual([healthy.health, healthy.lastResult?.probeId], ["healthy", a.id]);
  assert.equal((await listBackends(t.db.prisma, owner)).find((x) => x.id === backend.id)?.health, "healthy");

  const history = await listProbeResults(t.db.prisma, owner, a.id, { from: String(now - 60_000), to: String(now) });
  assert.deepEqual(history.results.map((r) => [r.ok, r.phases]), [[true, { connectMs: 1.5, totalMs: 4 }]]);
  assert.equal(history.truncated, false);
  await rejects(listProbeResults(t.db.prisma, owner, a.id, { from: "yesterday" }), "bad_request", ["from"]);
  await rejects(listProbeResults(t.db.prisma, owner, "nope", {}), "not_found");
});

test("a day of results thinned for the chart: one check per slot, every failure kept, stats over all of them", async () => {
  const { backend } = await createBackend(t.db.prisma, owner, { name: "thinned" });
  const probe = await createProbe(t.db.prisma, owner, backend.id, { kind: "tcp", config: { host: "10.0.0.4", port: 80 } });
  // Two hours of checks every 5 s (1,440): a failure every 100th, durations 1..10 ms.
  const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  const runs: ProbeRun[] = Array.from({ length: 1_440 }, (_, i) => ({
    probeId: probe.id,
    result: i % 100 === 7
      ? { ok: false, at: start + i * 5_000, durationMs: 10, errorClass: "connect_timeout" as const, message: "timed out" }
      : { ok: true, at: start + i * 5_000, durationMs: 1 + (i % 10) },
  }));
  await t.db.sql.transaction((tx) => recordProbeResults(tx, runs));
  const range = { from: String(start), to: String(start + 2 * 3_600_000) };

  const thinned = await listProbeResults(t.db.prisma, owner, probe.id, { ...range, every: "60", limit: "5000" });
  assert.equal(thinned.everyMs, 60_000);
  const failures = thinned.results.filter((r) => !r.ok);
  assert.equal(failures.length, 15, "every failed check is kept");
  // One passing check per minute (the first of it), plus the failures: 120 + 15.
  assert.equal(thinned.results.length, 135);
  assert.ok(thinned.results.every((r, i, all) => i === 0 || Date.parse(all[i - 1]!.at) <= Date.parse(r.at)), "oldest first");
  assert.deepEqual(thinned.stats, { checks: 1_440, failed: 15, p50Ms: 5, p95Ms: 10 });

  // Without `every`, the limit keeps the newest; the stats still count the whole range.
  const newest = await listProbeResults(t.db.prisma, owner, probe.id, { ...range, limit: "100" });
  assert.equal(newest.results.length, 100);
  assert.equal(newest.truncated, true);
  assert.equal(newest.everyMs, null);
  assert.deepEqual(newest.stats, thinned.stats);
  await rejects(listProbeResults(t.db.prisma, owner, probe.id, { ...range, every: "0" }), "bad_request", ["every"]);
});
