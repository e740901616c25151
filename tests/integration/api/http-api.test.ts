// The HTTP contract other tools rely on, against the real server: sources, ingest limits,
// query validation, roles enforced by the server (not just hidden in the UI), OpenAPI.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
before(async () => {
  s = await startServer({ env: { INGEST_MAX_BODY_BYTES: "400000", INGEST_MAX_LINES_PER_SECOND: "400" } });
});
after(async () => {
  await s?.stop();
});

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${s.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${init.token ?? s.token}`, "content-type": "application/json", ...(init.headers as Record<string, string>) },
  });

// fetch wants an ArrayBuffer-backed view; a pooled Buffer is not one.
const gz = (data: string | Buffer) => new Uint8Array(gzipSync(data));

const line = (i: number, status = 200) =>
  `10.1.0.${i % 250} - - [21/Nov/2026:10:00:${String(i % 60).padStart(2, "0")} +0000] "GET /p${i} HTTP/1.1" ${status} 100 "-" "test"`;

test("health answers 200 with the database state and version", async () => {
  const r = await fetch(`${s.baseUrl}/api/health`);
  assert.equal(r.status, 200);
  const body = (await r.json()) as { status: string; db: string; version: string };
  assert.equal(body.status, "ok");
  assert.equal(body.db, "ok");
  assert.match(body.version, /^\d+\.\d+\.\d+/);
});

test("POST /api/v1/sources answers 201 with id, name, kind, format and the token; bad formats name the specifier", async () => {
  const r = await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "edge", kind: "nginx" }) });
  assert.equal(r.status, 201);
  const src = (await r.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(src).filter((k) => ["id", "name", "kind", "format", "token"].includes(k)).sort(), ["format", "id", "kind", "name", "token"]);
  assert.equal(src.kind, "nginx");
  assert.equal(src.format, null);
  assert.match(String(src.token), /^ow_src_/);

  const bad = await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "v", kind: "varnish", format: "%h %Q %s" }) });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /%Q/);

  const dup = await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "edge", kind: "haproxy" }) });
  assert.equal(dup.status, 409);
  const list = (await (await api("/api/v1/sources")).json()) as { sources: { name: string; token?: string }[] };
  assert.deepEqual(list.sources.map((x) => x.name), ["edge"]);
  assert.equal(list.sources[0]!.token, undefined, "tokens are never listed");
});

test("ingest: plain and gzip bodies, a body over the limit is 413 naming it, a source over its rate is 429 with Retry-After", async () => {
  const src = (await (await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "limits", kind: "nginx" }) })).json()) as {
    token: string;
  };
  const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
    fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${src.token}`, "content-type": "text/plain", ...headers }, body });

  const plain = await post([line(1), line(2, 502), "garbage"].join("\n"));
  assert.equal(plain.status, 202);
  const answer = (await plain.json()) as { accepted: number; rejected: number; errors: { line: number; reason: string }[] };
  assert.equal(answer.accepted, 2);
  assert.equal(answer.rejected, 1);
  assert.equal(answer.errors[0]!.line, 3);
  assert.ok(answer.errors[0]!.reason.length > 5);

  const gzipped = await post(gz([line(3), line(4)].join("\n")), { "content-encoding": "gzip" });
  assert.equal(gzipped.status, 202);
  assert.equal(((await gzipped.json()) as { accepted: number }).accepted, 2);

  const big = await post("x".repeat(500_000));
  assert.equal(big.status, 413);
  assert.match(((await big.json()) as { error: { message: string } }).error.message, /400000 bytes/);

  const bomb = await post(gz(Buffer.alloc(5_000_000, 0x41)), { "content-encoding": "gzip" });
  assert.equal(bomb.status, 413, "the limit applies after decompression too");

  // A source of its own, so its bucket starts full. 400 lines/s with bursts of 800: a batch of
  // 3000 goes through on the full bucket and leaves it 2200 short, so the next waits 7.5 s, far
  // longer than the first takes to finish even on a loaded machine.
  const burst = (await (await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "burst", kind: "nginx" }) })).json()) as { token: string };
  const postBurst = (body: string) =>
    fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${burst.token}`, "content-type": "text/plain" }, body });
  const many = Array.from({ length: 3000 }, (_, i) => line(i)).join("\n");
  const first = await postBurst(many);
  assert.equal(first.status, 202);
  const second = await postBurst(many);
  assert.equal(second.status, 429);
  assert.ok(Number(second.headers.get("retry-after")) >= 1);

  const nobody = await fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: "Bearer ow_src_nope" }, body: line(1) });
  assert.equal(nobody.status, 401);
});

test("shippers: Vector's http sink (gzip text) and Fluent Bit's http output (json_lines) as the README configures them", async () => {
  const src = (await (await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "shipped", kind: "nginx" }) })).json()) as {
    id: string;
    token: string;
  };
  // Vector: encoding.codec = "text", framing newline_delimited, compression = "gzip", auth.strategy = "bearer".
  const vector = await fetch(`${s.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${src.token}`, "content-type": "text/plain", "content-encoding": "gzip" },
    body: gz(`${line(10)}\n${line(11, 503)}\n`),
  });
  assert.equal(vector.status, 202);
  assert.deepEqual(await vector.json(), { accepted: 2, rejected: 0, errors: [] });
  // Fluent Bit: Format json_lines, Compress gzip, Header Authorization Bearer ...; each record wraps the line in "log".
  const records = [line(12), line(13, 504)].map((l) => JSON.stringify({ date: 1763719200.5, log: l }));
  const fluent = await fetch(`${s.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${src.token}`, "content-type": "application/x-ndjson", "content-encoding": "gzip" },
    body: gz(records.join("\n") + "\n"),
  });
  assert.equal(fluent.status, 202);
  assert.deepEqual(await fluent.json(), { accepted: 2, rejected: 0, errors: [] });
  const summary = (await (
    await api(`/api/v1/summary?from=2026-11-21T09:00:00Z&to=2026-11-21T11:00:00Z&source=shipped`)
  ).json()) as { total: number; byStatus: Record<string, number> };
  assert.equal(summary.total, 4);
  assert.deepEqual(summary.byStatus, { "200": 2, "503": 1, "504": 1 });
});

test("query API: invalid parameters are 400 naming the field", async () => {
  const r = await api("/api/v1/summary?from=yesterday&to=2026-11-21T00:00:00Z");
  assert.equal(r.status, 400);
  const body = (await r.json()) as { error: { fields: { path: string }[] } };
  assert.deepEqual(body.error.fields.map((f) => f.path), ["from"]);
  const s2 = await api("/api/v1/series?from=0&to=1000&metric=latency_p95&groupBy=cause");
  assert.equal(s2.status, 400);
  assert.ok(((await s2.json()) as { error: { fields: { path: string }[] } }).error.fields.some((f) => f.path === "groupBy" || f.path === "from"));
  const ok = await api(`/api/v1/summary?from=${Date.now() - 3_600_000}&to=${Date.now()}`);
  assert.equal(ok.status, 200);
  const hour = `from=${Date.now() - 3_600_000}&to=${Date.now()}`;
  for (const bad of ["top=0&groupBy=backend", "top=many&groupBy=backend", "top=3&groupBy=cause"]) {
    const r3 = await api(`/api/v1/series?${hour}&metric=requests&${bad}`);
    assert.equal(r3.status, 400, bad);
    assert.deepEqual(((await r3.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path), ["top"], bad);
  }
  const top = await api(`/api/v1/series?${hour}&metric=latency_p95&groupBy=backend&top=3`);
  assert.equal(top.status, 200);
  assert.equal(typeof ((await top.json()) as { omitted?: number }).omitted, "number");
});

test("roles are enforced by the server: a viewer token reads but cannot write or manage", async () => {
  const t = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "viewer", role: "viewer" }) });
  const viewer = ((await t.json()) as { token: string }).token;
  assert.equal((await api("/api/v1/sources", { token: viewer })).status, 200);
  assert.equal((await api(`/api/v1/summary?from=${Date.now() - 60_000}&to=${Date.now()}`, { token: viewer })).status, 200);
  assert.equal((await api("/api/v1/sources", { token: viewer, method: "POST", body: JSON.stringify({ name: "x", kind: "nginx" }) })).status, 403);
  assert.equal((await api("/api/v1/users", { token: viewer })).status, 403);
  assert.equal((await api("/api/v1/tokens", { token: viewer, method: "POST", body: JSON.stringify({ name: "y", role: "viewer" }) })).status, 403);
  assert.equal((await fetch(`${s.baseUrl}/api/v1/sources`)).status, 401);
});

test("the OpenAPI document is served", async () => {
  const r = await fetch(`${s.baseUrl}/api/v1/openapi.json`);
  assert.equal(r.status, 200);
  const doc = (await r.json()) as { paths: Record<string, unknown> };
  assert.ok(doc.paths["/api/v1/ingest"]);
});
