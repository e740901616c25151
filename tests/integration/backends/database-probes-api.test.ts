// Issue #16 over HTTP: the probe contract for the database and cache kinds (201), their password
// write-only (hidden on read, kept on the same host, never carried to another host), the egress
// check at save time, GET /api/v1/advisor, and a backend's dependencies in its view.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
let backendId: string;

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

before(async () => {
  s = await startServer();
  const created = await api("/api/v1/backends", { body: { name: "orders" } });
  assert.equal(created.status, 201, await created.clone().text());
  backendId = ((await created.json()) as { id: string }).id;
});
after(async () => {
  await s?.stop();
});

test("POST a postgres probe as the contract says: 201, password hidden, a marker keeps it only on the same host", { timeout: 60_000 }, async () => {
  const res = await api(`/api/v1/backends/${backendId}/probes`, {
    body: { kind: "postgres", config: { url: "postgresql://watch:pg-s3cret@127.0.0.1:5432/postgres", longQuerySeconds: 10 }, intervalMs: 5000 },
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  assert.ok(!text.includes("pg-s3cret"), text);
  const probe = JSON.parse(text) as { id: string; kind: string; config: { url: string; longQuerySeconds: number } };
  assert.equal(probe.kind, "postgres");
  assert.equal(probe.config.url, "postgresql://watch:hidden@127.0.0.1:5432/postgres");
  assert.equal(probe.config.longQuerySeconds, 10);

  const moved = await api(`/api/v1/probes/${probe.id}`, { method: "PATCH", body: { config: { url: "postgresql://watch:hidden@127.0.0.2:5432/postgres" } } });
  assert.equal(moved.status, 400, await moved.text());
  const kept = await api(`/api/v1/probes/${probe.id}`, { method: "PATCH", body: { config: { url: "postgresql://watch:hidden@127.0.0.1:5432/postgres", longQuerySeconds: 5 } } });
  assert.equal(kept.status, 200, await kept.clone().text());
  assert.ok(!(await kept.text()).includes("pg-s3cret"));

  const detail = (await (await api(`/api/v1/backends/${backendId}`)).json()) as { dependencies: { name: string; kind: string }[] };
  assert.deepEqual(detail.dependencies.map((d) => [d.name, d.kind]), [["127.0.0.1", "postgres"]]);
});

test("mysql, redis and memcached URLs are accepted; a wrong scheme and a metadata address are refused", { timeout: 60_000 }, async () => {
  for (const [kind, url] of [
    ["mysql", "mysql://watch:pw@127.0.0.1:3306/shop"],
    ["redis", "redis://:pw@127.0.0.1:6379"],
    ["memcached", "memcached://127.0.0.1:11211"],
  ]) {
    const res = await api(`/api/v1/backends/${backendId}/probes`, { body: { kind, config: { url }, intervalMs: 5000 } });
    assert.equal(res.status, 201, `${kind}: ${await res.text()}`);
  }
  const wrong = await api(`/api/v1/backends/${backendId}/probes`, { body: { kind: "redis", config: { url: "http://127.0.0.1:6379" } } });
  assert.equal(wrong.status, 400);
  const metadata = await api(`/api/v1/backends/${backendId}/probes`, { body: { kind: "postgres", config: { url: "postgresql://u:p@169.254.169.254:5432/db" } } });
  assert.equal(metadata.status, 422, await metadata.clone().text()); // the egress policy refuses it when saved
  assert.match(await metadata.text(), /169\.254/);
});

test("GET /api/v1/advisor answers the period and the findings", { timeout: 60_000 }, async () => {
  const res = await api("/api/v1/advisor");
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { periodDays: number; findings: unknown[]; backendsChecked: number };
  assert.equal(body.periodDays, 7);
  assert.deepEqual(body.findings, []);
  assert.equal((await api("/api/v1/advisor?bogus=1")).status, 400);
});
