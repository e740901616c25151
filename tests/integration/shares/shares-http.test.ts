// Share links over HTTP against the real server: an incident's link opens its page read-only with
// nothing else reachable and the client IPs and query strings of its evidence hidden; its token
// reads that incident and nothing else (another incident, another backend, any list, any write);
// a backend's link reads only that backend's traffic; revoked and unknown links are the same 404.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";
import { bearerApi, roleToken } from "../../helpers/api";
import { haproxyLines } from "../incidents/support";

let s: RunningServer;
let viewer: string;
let editor: string;
let sourceToken: string;
let incidentA: string;
let incidentB: string;
let backends: Record<string, string>;

const api = bearerApi(() => s);
const json = async <T>(r: Response) => (await r.json()) as T;
const post = (path: string, body: unknown, token = editor) => api(path, { token, method: "POST", body: JSON.stringify(body) });
type Created = { id: string; url: string };
const tokenOf = (url: string) => url.slice(url.lastIndexOf("/s/") + 3);

/** Refused connections for `backend` (client IPs in every line, a secret in each query string); answers its incident. */
async function failing(backend: string): Promise<string> {
  const lines = haproxyLines("refused", backend, Date.now() - 20_000, 30).map((l) => l.replace(/"GET \/(\S*)/, '"GET /checkout?card=4111111111111111'));
  const r = await fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${sourceToken}`, "content-type": "text/plain" }, body: lines.join("\n") });
  assert.equal(r.status, 202);
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const list = await json<{ incidents: Array<{ id: string }> }>(await api(`/api/v1/incidents?backend=${backend}`));
    if (list.incidents[0]) return list.incidents[0].id;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`no incident for ${backend}:\n${s.logs(3000)}`);
}

before(async () => {
  s = await startServer();
  viewer = await roleToken(api, "viewer");
  editor = await roleToken(api, "editor");
  const src = await post("/api/v1/sources", { name: "lb", kind: "haproxy", format: "option httplog" });
  sourceToken = (await json<{ token: string }>(src)).token;
  const rule = await post("/api/v1/rules", {
    name: "5xx", kind: "error_rate", scope: {}, config: { status: "5xx", above: 20, window: "5m", minRequests: 10 }, for: "0s", keepFiringFor: "1h", severity: "critical", channels: [],
  });
  assert.equal(rule.status, 201, await rule.clone().text());
  incidentA = await failing("shop");
  incidentB = await failing("cart");
  const list = await json<{ backends: Array<{ id: string; name: string }> }>(await api("/api/v1/backends"));
  backends = Object.fromEntries(list.backends.map((b) => [b.name, b.id]));
  assert.ok(backends.shop && backends.cart, JSON.stringify(list));
});
after(async () => {
  await s?.stop();
});

test("POST /api/v1/shares: 201 {id, url} ending in /s/<token> for editors; viewers get 403; bad input names the field", async () => {
  const r = await post("/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "24h" });
  assert.equal(r.status, 201);
  const body = await json<Created>(r);
  assert.deepEqual(Object.keys(body).sort(), ["id", "url"]);
  assert.match(body.url, /\/s\/ow_share_[A-Za-z0-9_-]{32,}$/);
  // At least 128 random bits: 24 bytes of base64url after the prefix.
  assert.ok(tokenOf(body.url).length - "ow_share_".length >= 32);
  assert.equal((await post("/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "24h" }, viewer)).status, 403);
  const bad = await post("/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "2y" });
  assert.equal(bad.status, 400);
  assert.ok((await json<{ error: { fields: Array<{ path: string }> } }>(bad)).error.fields.some((f) => f.path === "expiresIn"));
  assert.equal((await post("/api/v1/shares", { target: { type: "incident", id: "nope" }, expiresIn: "1h" })).status, 404);
});

test("the share page: read-only incident, no link anywhere, no-referrer, noindex; the evidence's client IPs and query strings hidden", async () => {
  const { url } = await json<Created>(await post("/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "7d", note: "look at the refusals" }));
  const page = await fetch(url, { redirect: "manual" });
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("referrer-policy"), "no-referrer");
  assert.match(page.headers.get("x-robots-tag") ?? "", /noindex/);
  const html = await page.text();
  assert.match(html, /<meta name="robots" content="noindex, nofollow"/);
  assert.match(html, /look at the refusals/);
  assert.match(html, /data-testid="timeline"/);
  assert.match(html, /Checklist progress/);
  // No navigation: not one anchor in the page.
  assert.deepEqual(html.match(/<a\s[^>]*href=/g) ?? [], []);
  assert.doesNotMatch(html, /127\.0\.0\.1/);
  assert.doesNotMatch(html, /4111111111111111/);
  assert.match(html, /\[ip hidden\]/);
});

test("an incident's token reads that incident only: not incident B, no list, no backend, no traffic, no write", async () => {
  const { url } = await json<Created>(await post("/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "1h" }));
  const token = tokenOf(url);
  const own = await api(`/api/v1/incidents/${incidentA}`, { token });
  assert.equal(own.status, 200);
  const text = await own.text();
  assert.match(text, /"id":"/);
  assert.doesNotMatch(text, /127\.0\.0\.1|4111111111111111/);
  const now = Date.now();
  const refused: Array<[string, string, unknown?]> = [
    ["GET", `/api/v1/incidents/${incidentB}`],
    ["GET", "/api/v1/incidents"],
    ["GET", `/api/v1/backends/${backends.shop}`],
    ["GET", "/api/v1/backends"],
    ["GET", `/api/v1/summary?from=${now - 3_600_000}&to=${now}&backend=shop`],
    ["GET", "/api/v1/shares"],
    ["GET", "/api/v1/users"],
    ["PATCH", `/api/v1/incidents/${incidentA}`, { status: "acknowledged" }],
    ["POST", `/api/v1/incidents/${incidentA}/ack`, {}],
    ["POST", `/api/v1/incidents/${incidentA}/comments`, { body: "hi" }],
    ["POST", "/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "1h" }],
  ];
  for (const [method, path, body] of refused) {
    const r = await api(path, { token, method, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(r.status, 404, `${method} ${path}`);
  }
  // Nothing changed: the incident is still open.
  assert.equal((await json<{ status: string }>(await api(`/api/v1/incidents/${incidentA}`))).status, "open");
});

test("a backend's token reads that backend and its own traffic, not another backend's", async () => {
  const { url } = await json<Created>(await post("/api/v1/shares", { target: { type: "backend", id: backends.shop, path: `/backends/${backends.shop}?range=1h` }, expiresIn: "1h", redact: { backendAddresses: true } }));
  const token = tokenOf(url);
  const now = Date.now();
  const own = await api(`/api/v1/backends/${backends.shop}`, { token });
  assert.equal(own.status, 200);
  const b = await json<Record<string, unknown>>(own);
  assert.equal(b.name, "shop");
  assert.equal(b.address, null);
  assert.ok((b.probes as Array<Record<string, unknown>>).every((p) => !("config" in p)));
  assert.equal((await api(`/api/v1/summary?from=${now - 3_600_000}&to=${now}&backend=shop`, { token })).status, 200);
  assert.equal((await api(`/api/v1/series?from=${now - 3_600_000}&to=${now}&backend=shop&metric=errors&groupBy=cause`, { token })).status, 200);
  assert.equal((await api(`/api/v1/summary?from=${now - 3_600_000}&to=${now}&backend=cart`, { token })).status, 404);
  assert.equal((await api(`/api/v1/summary?from=${now - 3_600_000}&to=${now}`, { token })).status, 404);
  assert.equal((await api(`/api/v1/backends/${backends.cart}`, { token })).status, 404);
  assert.equal((await api(`/api/v1/incidents/${incidentA}`, { token })).status, 404);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /data-testid="shared-backend"/);
  assert.deepEqual(html.match(/<a\s[^>]*href=/g) ?? [], []);
});

test("a frozen view keeps its range: reads outside it are refused", async () => {
  const r = await post("/api/v1/shares", { target: { type: "view", path: "/?range=1h&backend=shop" }, expiresIn: "30d", frozen: true });
  assert.equal(r.status, 201);
  const token = tokenOf((await json<Created>(r)).url);
  const now = Date.now();
  assert.equal((await api(`/api/v1/summary?from=${now - 1_800_000}&to=${now - 60_000}&backend=shop`, { token })).status, 200);
  assert.equal((await api(`/api/v1/summary?from=${now - 7_200_000}&to=${now - 60_000}&backend=shop`, { token })).status, 404);
  assert.equal((await api(`/api/v1/summary?from=${now + 60_000}&to=${now + 120_000}&backend=shop`, { token })).status, 404);
  const page = await fetch(`${s.baseUrl}/s/${token}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /snapshot of/);
});

/**
 * What a page shows: its text without scripts (React's payload carries the asked path, whose
 * length shifts its chunk framing), with the token it was asked with taken out.
 */
const normalized = (html: string, token: string) =>
  html
    .split(token)
    .join("<token>")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

test("GET /api/v1/shares lists views; DELETE revokes at once; revoked and unknown links answer the same 404", async () => {
  const { id, url } = await json<Created>(await post("/api/v1/shares", { target: { type: "incident", id: incidentA }, expiresIn: "never" }));
  const token = tokenOf(url);
  assert.equal((await fetch(url)).status, 200);
  const listed = await json<{ shares: Array<{ id: string; viewCount: number; lastViewedAt: string | null; createdBy: { email: string } | null; status: string }> }>(await api("/api/v1/shares"));
  const row = listed.shares.find((x) => x.id === id)!;
  assert.equal(row.viewCount, 1);
  assert.ok(row.lastViewedAt);
  assert.equal(row.status, "active");
  // A token's links are its maker's (here the owner, who minted the editor token).
  assert.equal(row.createdBy?.email, "owner@example.com");
  assert.equal((await api(`/api/v1/shares/${id}`, { method: "DELETE", token: viewer })).status, 403);
  assert.equal((await api(`/api/v1/shares/${id}`, { method: "DELETE" })).status, 200);

  const revokedPage = await fetch(url);
  const unknownPage = await fetch(`${s.baseUrl}/s/ow_share_${"A".repeat(32)}`);
  const garbagePage = await fetch(`${s.baseUrl}/s/whatever`);
  assert.deepEqual([revokedPage.status, unknownPage.status, garbagePage.status], [404, 404, 404]);
  const [a, b, c] = await Promise.all([revokedPage.text(), unknownPage.text(), garbagePage.text()]);
  assert.equal(normalized(a, token), normalized(b, `ow_share_${"A".repeat(32)}`));
  assert.equal(normalized(a, token), normalized(c, "whatever"));
  assert.match(normalized(a, token), /Link not available/);
  assert.equal(revokedPage.headers.get("referrer-policy"), "no-referrer");

  const revokedApi = await api(`/api/v1/incidents/${incidentA}`, { token });
  const unknownApi = await api(`/api/v1/incidents/${incidentA}`, { token: `ow_share_${"B".repeat(32)}` });
  assert.deepEqual([revokedApi.status, unknownApi.status], [404, 404]);
  const strip = (x: { error: { requestId?: string } }) => ({ ...x.error, requestId: undefined });
  assert.deepEqual(strip(await json(revokedApi)), strip(await json(unknownApi)));
});

test("the audit log records share links created, viewed and revoked, and sign-ins and their failures, with where they came from; admins only; CSV too", async () => {
  const failed = await fetch(`${s.baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await failed.json()) as { csrfToken: string };
  const jar = (failed.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  await fetch(`${s.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email: s.owner.email, password: "not-the-password", json: "true" }),
  });
  type Entry = { action: string; actor: string; targetId: string | null; ip: string | null; details: Record<string, unknown> };
  const all = (await json<{ entries: Entry[] }>(await api("/api/v1/audit?limit=1000"))).entries;
  const actions = new Set(all.map((e) => e.action));
  for (const a of ["share.create", "share.view", "share.revoke", "auth.sign_in", "auth.sign_in_failed", "token.create", "source.create", "rule.create", "retention.change"]) assert.ok(actions.has(a), a);
  const failure = all.find((e) => e.action === "auth.sign_in_failed")!;
  assert.equal(failure.details.email, s.owner.email);
  assert.equal(failure.ip, "127.0.0.1");
  assert.ok(all.find((e) => e.action === "share.create")!.ip);
  const shares = (await json<{ entries: Entry[] }>(await api("/api/v1/audit?action=share."))).entries;
  assert.ok(shares.length > 0 && shares.every((e) => e.action.startsWith("share.")));
  assert.equal((await api("/api/v1/audit", { token: editor })).status, 403);
  const csv = await api("/api/v1/audit?format=csv&action=share.revoke");
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
  const text = await csv.text();
  assert.match(text.split("\r\n")[0]!, /^at,actor,actor_type/);
  assert.match(text, /"share\.revoke"/);
});
