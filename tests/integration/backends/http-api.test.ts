// The backends, probes and import API against the real server: contracts, 400s naming fields,
// and roles enforced by the server (viewers read, editors and above write).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";
import { bearerApi, roleToken } from "../../helpers/api";

let s: RunningServer;
let viewer: string;
let editor: string;
before(async () => {
  s = await startServer({ env: { ORIGINWATCH_WORKER: "off" } });
  viewer = await roleToken(api, "viewer");
  editor = await roleToken(api, "editor");
});
after(async () => {
  await s?.stop();
});

const api = bearerApi(() => s);
const json = async <T>(r: Response) => (await r.json()) as T;
type Fields = { error: { code: string; fields?: { path: string }[] } };

const VCL = `vcl 4.1;
backend web1 { .host = "10.0.2.1"; .port = "8080"; .probe = { .url = "/health"; } }
backend web2 { .host = "10.0.2.2"; .port = "8080"; }
`;

test("backends and probes: create, read with health, validation naming fields, delete", async () => {
  const created = await api("/api/v1/backends", { token: editor, method: "POST", body: JSON.stringify({ name: "api1", address: "10.0.3.1:80", timeouts: { firstByteMs: 30000 } }) });
  assert.equal(created.status, 201);
  const backend = await json<{ id: string; health: string; timeouts: { firstByteMs: number }; probes: unknown[] }>(created);
  assert.deepEqual([backend.health, backend.timeouts.firstByteMs, backend.probes], ["unknown", 30000, []]);
  assert.equal((await api("/api/v1/backends", { method: "POST", body: JSON.stringify({ name: "api1" }) })).status, 409);

  const bad = await api(`/api/v1/backends/${backend.id}/probes`, { token: editor, method: "POST", body: JSON.stringify({ kind: "http", config: { url: "nope" }, window: 2, threshold: 5 }) });
  assert.equal(bad.status, 400);
  assert.deepEqual((await json<Fields>(bad)).error.fields?.map((f) => f.path).sort(), ["config.url", "threshold"]);

  const made = await api(`/api/v1/backends/${backend.id}/probes`, { token: editor, method: "POST", body: JSON.stringify({ kind: "tcp", config: { host: "10.0.3.1", port: 80 } }) });
  assert.equal(made.status, 201);
  const probe = await json<{ id: string; intervalMs: number; window: number }>(made);
  assert.deepEqual([probe.intervalMs, probe.window], [5000, 8]);
  const detail = await json<{ health: string; lastResult: unknown; probes: { id: string }[] }>(await api(`/api/v1/backends/${backend.id}`, { token: viewer }));
  assert.deepEqual([detail.health, detail.lastResult, detail.probes.map((p) => p.id)], ["unknown", null, [probe.id]]);
  const list = await json<{ backends: { name: string; health: string }[] }>(await api("/api/v1/backends", { token: viewer }));
  assert.deepEqual(list.backends.find((b) => b.name === "api1")?.health, "unknown");

  const patched = await api(`/api/v1/probes/${probe.id}`, { token: editor, method: "PATCH", body: JSON.stringify({ intervalMs: 10000, timeoutMs: 3000 }) });
  assert.equal(patched.status, 200);
  const results = await api(`/api/v1/probes/${probe.id}/results?from=${Date.now() - 60_000}&to=${Date.now()}`, { token: viewer });
  assert.equal(results.status, 200);
  assert.deepEqual((await json<{ results: unknown[] }>(results)).results, []);
  assert.equal((await api(`/api/v1/probes/${probe.id}/results?from=soon`, { token: viewer })).status, 400);

  assert.equal((await api(`/api/v1/probes/${probe.id}`, { token: editor, method: "DELETE" })).status, 204);
  assert.equal((await api(`/api/v1/backends/${backend.id}`, { token: editor, method: "DELETE" })).status, 204);
  assert.equal((await api(`/api/v1/backends/${backend.id}`)).status, 404);
});

test("import: text/plain dry run, JSON apply, re-apply unchanged; an unknown kind is 404", async () => {
  const dry = await api("/api/v1/import/vcl?dryRun=1", { token: editor, method: "POST", headers: { "content-type": "text/plain" }, body: VCL });
  assert.equal(dry.status, 200);
  const plan = await json<{ applied: boolean; backends: { name: string; action: string; probe: { action: string } }[] }>(dry);
  assert.deepEqual(
    [plan.applied, plan.backends.map((b) => [b.name, b.action, b.probe.action])],
    [false, [["web1", "create", "create"], ["web2", "create", "none"]]],
  );
  assert.equal((await json<{ backends: unknown[] }>(await api("/api/v1/backends"))).backends.length, 0);

  const applied = await api("/api/v1/import/vcl", { token: editor, method: "POST", body: JSON.stringify({ text: VCL }) });
  assert.equal(applied.status, 200);
  assert.deepEqual((await json<{ summary: unknown }>(applied)).summary, { backends: { create: 2, update: 0, unchanged: 0 }, probes: { create: 1, update: 0, unchanged: 0, skipped: 0 } });
  const again = await json<{ summary: { backends: unknown } }>(await api("/api/v1/import/vcl", { method: "POST", headers: { "content-type": "text/plain" }, body: VCL }));
  assert.deepEqual(again.summary.backends, { create: 0, update: 0, unchanged: 2 });

  assert.equal((await api("/api/v1/import/apache", { method: "POST", body: JSON.stringify({ text: VCL }) })).status, 404);
  const noText = await api("/api/v1/import/nginx", { method: "POST", body: JSON.stringify({ config: VCL }) });
  assert.equal(noText.status, 400);
  assert.deepEqual((await json<Fields>(noText)).error.fields?.map((f) => f.path), ["text"]);
});

test("roles are enforced by the server: a viewer reads backends but cannot write them", async () => {
  assert.equal((await api("/api/v1/backends", { token: viewer })).status, 200);
  assert.equal((await api("/api/v1/backends", { token: viewer, method: "POST", body: JSON.stringify({ name: "v" }) })).status, 403);
  assert.equal((await api("/api/v1/import/vcl?dryRun=1", { token: viewer, method: "POST", body: JSON.stringify({ text: VCL }) })).status, 403);
  const web1 = (await json<{ backends: { id: string; name: string }[] }>(await api("/api/v1/backends"))).backends.find((b) => b.name === "web1")!;
  const detail = await json<{ probes: { id: string }[] }>(await api(`/api/v1/backends/${web1.id}`));
  const probeId = detail.probes[0]!.id;
  assert.equal((await api(`/api/v1/probes/${probeId}`, { token: viewer, method: "PATCH", body: JSON.stringify({ enabled: false }) })).status, 403);
  assert.equal((await api(`/api/v1/probes/${probeId}`, { token: viewer, method: "DELETE" })).status, 403);
  assert.equal((await api(`/api/v1/backends/${web1.id}/probes`, { token: viewer, method: "POST", body: JSON.stringify({ kind: "tcp", config: { host: "a", port: 1 } }) })).status, 403);
  assert.equal((await api(`/api/v1/backends/${web1.id}`, { token: viewer, method: "DELETE" })).status, 403);
  assert.equal((await fetch(`${s.baseUrl}/api/v1/backends`)).status, 401);
});
