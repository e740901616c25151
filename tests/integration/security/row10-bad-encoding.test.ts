// Issue 9, row 10: NUL bytes, invalid UTF-8 and broken percent-encoding in paths, queries and
// bodies are a 400 naming the field (or, for a page, a 400 page), never a 500 from PostgreSQL
// (22021) or from Next's router. Ingest keeps such lines on purpose and must not 500 either.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s?.stop();
});

type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

function api(path: string, init: { method?: string; body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}) {
  return fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json", ...init.headers },
    body: init.body,
  });
}

/** A 400 whose message (and field list, when there is one) names `field`. */
async function assertBadRequest(r: Response, field: RegExp, what: string) {
  const text = await r.text();
  assert.equal(r.status, 400, `${what}: ${r.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as ErrorBody;
  assert.equal(body.error.code, "bad_request", what);
  assert.match(body.error.message, field, `${what}: the message names the field`);
}

const range = "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";

test("a NUL in a JSON string field is a 400 naming the field, and nothing is stored", async () => {
  const r = await api("/api/v1/events", { method: "POST", body: JSON.stringify({ type: "note", title: "a\u0000b" }) });
  await assertBadRequest(r, /title/, "NUL in an event title");
  const nested = await api("/api/v1/backends", { method: "POST", body: JSON.stringify({ name: "ok", tags: ["fine", "x\u0000"] }) });
  await assertBadRequest(nested, /tags\.1/, "NUL in a nested field");
  const key = await api("/api/v1/events", { method: "POST", body: JSON.stringify({ type: "note", title: "t", "x\u0000": 1 }) });
  await assertBadRequest(key, /key/, "NUL in a key");
  const list = (await (await api(`/api/v1/events?${range}`)).json()) as { events: unknown[] };
  assert.equal(list.events.length, 0);
});

test("invalid UTF-8 in a JSON body is a 400, not replacement characters stored", async () => {
  const bytes = new Uint8Array([...Buffer.from('{"type":"note","title":"a'), 0xc3, 0x28, 0xff, ...Buffer.from('"}')]);
  const r = await api("/api/v1/events", { method: "POST", body: bytes });
  await assertBadRequest(r, /UTF-8/, "invalid UTF-8 body");
  const lone = await api("/api/v1/events", { method: "POST", body: '{"type":"note","title":"a\\ud800"}' });
  await assertBadRequest(lone, /title/, "a lone surrogate escape");
});

test("a NUL or broken percent-encoding in a path parameter is a 400, on every kind of id route", async () => {
  for (const path of ["/api/v1/backends/%00", "/api/v1/sources/%00", "/api/v1/probes/%00/results", "/api/v1/backends/a%00b/probes"]) {
    await assertBadRequest(await api(path), /path/i, `GET ${path}`);
  }
  await assertBadRequest(await api("/api/v1/events/%00", { method: "PATCH", body: "{}" }), /path/i, "PATCH /api/v1/events/%00");
  for (const path of ["/api/v1/backends/%E0%A4%A", "/api/v1/backends/%ZZ", "/api/v1/backends/%", "/api/v1/sources/%C3%28", "/api/v1/backends/x/probes%FF"]) {
    await assertBadRequest(await api(path), /percent-encoded/, `GET ${path}`);
  }
});

test("a NUL or broken percent-encoding in a query parameter is a 400 naming the parameter", async () => {
  await assertBadRequest(await api(`/api/v1/events?${range}&backend=%00`), /backend/, "?backend=%00");
  await assertBadRequest(await api(`/api/v1/events?${range}&backend=%E0%A4%A`), /backend/, "?backend=%E0%A4%A");
  await assertBadRequest(await api(`/api/v1/summary?${range}&backend=a%00`), /backend/, "summary ?backend=a%00");
  await assertBadRequest(await api(`/api/v1/samples?${range}&backend=%FF`), /backend/, "samples ?backend=%FF");
  const ok = await api(`/api/v1/events?${range}&backend=caf%C3%A9+b`);
  assert.equal(ok.status, 200, "well-formed encodings still work");
});

test("pages: a broken encoding or a NUL in the path is a 400 page, not a 500", async () => {
  for (const path of ["/backends/%E0%A4%A", "/backends/%00", "/settings/sources/%ZZ"]) {
    const r = await fetch(`${s.baseUrl}${path}`, { redirect: "manual" });
    const text = await r.text();
    assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status} ${text.slice(0, 200)}`);
  }
});

test("ingest keeps a line with a NUL (replaced) and never answers 500", async () => {
  const src = (await (await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "nul-edge", kind: "nginx" }) })).json()) as { token: string };
  const line = `10.0.0.1 - - [21/Nov/2026:10:00:00 +0000] "GET /a\u0000b HTTP/1.1" 502 10 "-" "ua\u0000"`;
  const body = new Uint8Array([...Buffer.from(`${line}\n`), 0xff, 0xfe, ...Buffer.from("\u0000garbage\n")]);
  const r = await fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${src.token}`, "content-type": "text/plain" }, body });
  const answer = await r.text();
  assert.equal(r.status, 202, answer);
  assert.equal((JSON.parse(answer) as { accepted: number }).accepted, 1);
});

test("the server logged no unhandled error", () => {
  assert.doesNotMatch(s.logs(), /unhandled error/);
});
