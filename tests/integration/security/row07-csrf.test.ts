// Issue #9, row 7: cross-site request forgery. A session cookie rides along on requests other
// sites make; a cookie-authenticated change must come from the dashboard's own origin and carry
// JSON. Bearer-token calls have no ambient credential and are not checked.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
let cookie: string;
before(async () => {
  s = await startServer();
  cookie = await signIn(s.baseUrl, s.owner.email, s.owner.password);
});
after(async () => {
  await s?.stop();
});

const vcl = (name: string) => `vcl 4.1;\nbackend ${name} { .host = "127.0.0.1"; .port = "8080"; }\n`;

function post(path: string, headers: Record<string, string>, body: string, method = "POST"): Promise<Response> {
  return fetch(`${s.baseUrl}${path}`, { method, headers, body: body || undefined });
}

async function eventTitles(): Promise<string[]> {
  const range = `from=${Date.now() - 3_600_000}&to=${Date.now() + 3_600_000}`;
  const r = await fetch(`${s.baseUrl}/api/v1/events?${range}`, { headers: { authorization: `Bearer ${s.token}` } });
  assert.equal(r.status, 200);
  return ((await r.json()) as { events: Array<{ title: string }> }).events.map((e) => e.title);
}

async function backendNames(): Promise<string[]> {
  const r = await fetch(`${s.baseUrl}/api/v1/backends`, { headers: { authorization: `Bearer ${s.token}` } });
  return ((await r.json()) as { backends: Array<{ name: string }> }).backends.map((b) => b.name);
}

async function refused(r: Response, why: RegExp): Promise<void> {
  assert.equal(r.status, 403);
  const { error } = (await r.json()) as { error: { code: string; message: string } };
  assert.equal(error.code, "forbidden");
  assert.match(error.message, why);
}

test("a page on another site cannot use the session cookie: text/plain event and config import are refused, nothing is created", async () => {
  const evil = { cookie, origin: "http://evil.example", "content-type": "text/plain" };
  await refused(await post("/api/v1/events", evil, JSON.stringify({ type: "note", title: "forged event" })), /not from http:\/\/evil\.example/);
  await refused(await post("/api/v1/import/vcl", evil, vcl("forged_backend")), /not from http:\/\/evil\.example/);
  // JSON from there is no better; nor is a request that names no origin at all.
  await refused(await post("/api/v1/events", { ...evil, "content-type": "application/json" }, JSON.stringify({ type: "note", title: "forged event" })), /own pages/);
  await refused(await post("/api/v1/events", { cookie, "content-type": "application/json" }, JSON.stringify({ type: "note", title: "forged event" })), /names no Origin/);
  await refused(await post("/api/v1/events", { cookie, "sec-fetch-site": "cross-site", "content-type": "application/json" }, JSON.stringify({ type: "note", title: "forged event" })), /names no Origin/);
  assert.ok(!(await eventTitles()).includes("forged event"));
  assert.ok(!(await backendNames()).includes("forged_backend"));
  // Reading stays open to the cookie from anywhere (the browser's same-origin policy guards the answer).
  assert.equal((await fetch(`${s.baseUrl}/api/v1/backends`, { headers: { cookie, origin: "http://evil.example" } })).status, 200);
});

test("the dashboard's own pages work: same origin with JSON; a simple content type is refused even from there", async () => {
  const own = { cookie, origin: s.baseUrl, "content-type": "application/json" };
  const created = await post("/api/v1/events", own, JSON.stringify({ type: "note", title: "own event" }));
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = (await created.json()) as { id: string };
  const imported = await post("/api/v1/import/vcl", own, JSON.stringify({ text: vcl("own_backend") }));
  assert.equal(imported.status, 200, await imported.clone().text());
  assert.ok((await backendNames()).includes("own_backend"));
  // A browser without Origin on same-origin requests still says so with Sec-Fetch-Site.
  const fetchMeta = await post("/api/v1/events", { cookie, "sec-fetch-site": "same-origin", "content-type": "application/json" }, JSON.stringify({ type: "note", title: "fetch-metadata event" }));
  assert.equal(fetchMeta.status, 201);
  await refused(await post("/api/v1/events", { ...own, "content-type": "text/plain" }, JSON.stringify({ type: "note", title: "plain event" })), /as JSON/);
  await refused(await post(`/api/v1/events/${id}`, { cookie, origin: "http://evil.example" }, "", "DELETE"), /own pages/);
  assert.equal((await post(`/api/v1/events/${id}`, { cookie, origin: s.baseUrl }, "", "DELETE")).status, 204);
  assert.deepEqual((await eventTitles()).sort(), ["fetch-metadata event"]);
});

test("bearer-token calls need no Origin and may send text", async () => {
  const bearer = { authorization: `Bearer ${s.token}` };
  const created = await post("/api/v1/events", { ...bearer, "content-type": "application/json" }, JSON.stringify({ type: "note", title: "token event" }));
  assert.equal(created.status, 201);
  const imported = await post("/api/v1/import/vcl", { ...bearer, "content-type": "text/plain" }, vcl("token_backend"));
  assert.equal(imported.status, 200, await imported.clone().text());
  assert.ok((await backendNames()).includes("token_backend"));
});
