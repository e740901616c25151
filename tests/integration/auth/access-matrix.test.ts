// The permission matrix (lib/auth/access-matrix.ts) walked over HTTP: every API route and page,
// for an anonymous caller, each role, a share token for the route's own thing and for another, a
// source's ingest token, an expired and a revoked API token. A route or page under app/ without a
// row fails tests/unit/access-matrix-coverage.test.ts, so nothing new ships unprotected. Expired tokens need a database the test can
// write while the server runs: they are played when DATABASE_URL (PostgreSQL) is set.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { ACCESS_MATRIX, CALLERS, expectedOutcome, type Caller, type MatrixRow, type Outcome } from "@/lib/auth/access-matrix";
import { signIn, startServer, type RunningServer } from "../../helpers/server";
import { bearerApi, roleToken } from "../../helpers/api";
import { haproxyLines } from "../incidents/support";

let s: RunningServer;
const api = bearerApi(() => s);
const json = async <T>(r: Response) => (await r.json()) as T;
const tokens: Partial<Record<Caller, string>> = {};
const cookies: Partial<Record<Caller, string>> = {};
let incidentId: string;
let backend: { id: string; name: string };
let shareIncident: string;
let shareBackend: string;
const pgMode = Boolean(process.env.DATABASE_URL);

before(async () => {
  s = await startServer({ dbLabel: "share_matrix" });
  for (const role of ["viewer", "editor", "admin", "owner"] as const) {
    tokens[role] = await roleToken(api, role);
    const email = `${role}-m@example.com`;
    if (role !== "owner") {
      const r = await api("/api/v1/users", { method: "POST", body: JSON.stringify({ email, password: "matrix-password-1", role }) });
      assert.equal(r.status, 201);
    }
    cookies[role] = role === "owner" ? await signIn(s.baseUrl, s.owner.email, s.owner.password) : await signIn(s.baseUrl, email, "matrix-password-1");
  }
  const src = await json<{ token: string }>(await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "lb", kind: "haproxy", format: "option httplog" }) }));
  tokens["ingest token"] = src.token;
  assert.equal((await api("/api/v1/rules", { method: "POST", body: JSON.stringify({ name: "5xx", kind: "error_rate", scope: {}, config: { status: "5xx", above: 20, window: "5m", minRequests: 10 }, for: "0s", keepFiringFor: "1h", severity: "critical", channels: [] }) })).status, 201);
  const r = await fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${src.token}`, "content-type": "text/plain" }, body: haproxyLines("refused", "shop", Date.now() - 20_000, 30).join("\n") });
  assert.equal(r.status, 202);
  for (let i = 0; i < 100 && !incidentId; i++) {
    incidentId = (await json<{ incidents: Array<{ id: string }> }>(await api("/api/v1/incidents"))).incidents[0]?.id ?? "";
    if (!incidentId) await new Promise((res) => setTimeout(res, 200));
  }
  assert.ok(incidentId, "no incident opened");
  backend = (await json<{ backends: Array<{ id: string; name: string }> }>(await api("/api/v1/backends"))).backends.find((b) => b.name === "shop")!;
  const share = async (target: unknown) => {
    const { url } = await json<{ url: string }>(await api("/api/v1/shares", { method: "POST", body: JSON.stringify({ target, expiresIn: "24h" }) }));
    return url.slice(url.lastIndexOf("/s/") + 3);
  };
  shareIncident = await share({ type: "incident", id: incidentId });
  shareBackend = await share({ type: "backend", id: backend.id, path: "/?range=1h" });
  const revoked = await json<{ token: string; id: string }>(await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "gone", role: "owner" }) }));
  assert.equal((await api(`/api/v1/tokens/${revoked.id}`, { method: "DELETE" })).status, 200);
  tokens["revoked token"] = revoked.token;
  if (pgMode) {
    const expired = await json<{ token: string; id: string }>(await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "old", role: "owner", expiresInDays: 1 }) }));
    const client = new pg.Client({ connectionString: (s.database as { url: string }).url });
    await client.connect();
    await client.query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    await client.end();
    tokens["expired token"] = expired.token;
  }
});
after(async () => {
  await s?.stop();
});

/** The URL a caller asks for a row: its own thing's id for a share token's own read, else a made-up id. */
function urlFor(row: MatrixRow, caller: Caller): string {
  const share = row.access.kind === "role" ? row.access.share : undefined;
  const own = caller === "share (own)" && share !== undefined;
  const id = own && share === "incident" ? incidentId : own && share === "backend" ? backend.id : "matrix-none";
  let path = row.path
    .replace("[...nextauth]", "csrf")
    .replace("[token]", caller === "share (own)" ? shareIncident : `ow_share_${"Z".repeat(32)}`)
    .replace("[kind]", "haproxy")
    .replace(/\[(\w+)\]/g, (_m, name: string) => (name === "id" ? id : "matrix-none"));
  if (share === "traffic") {
    const now = Date.now();
    path += `?from=${now - 3_600_000}&to=${now}&backend=${encodeURIComponent(backend.name)}`;
  }
  return `${s.baseUrl}${path}`;
}

function credentials(row: MatrixRow, caller: Caller): Record<string, string> {
  const share = row.access.kind === "role" ? row.access.share : undefined;
  let bearer: string | undefined = tokens[caller];
  if (caller === "share (own)") bearer = share === "backend" || share === "traffic" ? shareBackend : shareIncident;
  if (caller === "share (other)") bearer = share === "backend" || share === "traffic" ? shareIncident : shareBackend;
  // Pages read the browser session; the API is played with tokens (sessions act the same: lib/http/handler.ts).
  if (row.method === "PAGE") {
    const cookie = cookies[caller];
    return cookie ? { cookie } : bearer ? { authorization: `Bearer ${bearer}` } : {};
  }
  return bearer ? { authorization: `Bearer ${bearer}` } : {};
}

/** The answer's status, and for a page that redirects, where it sent the caller. */
async function play(row: MatrixRow, caller: Caller): Promise<{ status: number; sentTo: "signin" | "forbidden" | null }> {
  const headers = credentials(row, caller);
  if (row.method === "PAGE") {
    let url = urlFor(row, caller);
    for (let hop = 0; hop < 4; hop++) {
      const r = await fetch(url, { headers, redirect: "manual" });
      const html = await r.text();
      // A page whose loading skeleton has already streamed redirects in the document instead.
      const inPage = /http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
      const to = r.headers.get("location") ?? (r.status === 200 ? inPage : undefined);
      if (!to || (r.status !== 200 && (r.status < 300 || r.status >= 400))) return { status: r.status, sentTo: null };
      const next = new URL(to, url);
      if (next.pathname === "/signin" || next.pathname === "/forbidden") return { status: r.status, sentTo: next.pathname === "/signin" ? "signin" : "forbidden" };
      url = next.toString();
    }
    return { status: 0, sentTo: null };
  }
  const write = row.method !== "GET";
  const r = await fetch(urlFor(row, caller), {
    method: row.method,
    headers: { ...headers, ...(write ? { "content-type": "application/json" } : {}) },
    // Writes get a body that is not JSON: an allowed caller gets a 400 and nothing changes.
    body: write ? "not json" : undefined,
    redirect: "manual",
  });
  await r.arrayBuffer();
  return { status: r.status, sentTo: null };
}

function matches(row: MatrixRow, caller: Caller, want: Outcome, got: { status: number; sentTo: "signin" | "forbidden" | null }): boolean {
  if (want === "signin" || want === "forbidden") return got.sentTo === want;
  if (want !== "ok") return got.sentTo === null && got.status === want;
  // Public pages may send elsewhere (/setup to sign-in once an owner exists): only no failure.
  if (row.access.kind === "public") return got.status > 0 && got.status < 500;
  if (got.sentTo !== null || got.status >= 500 || got.status === 0) return false;
  // A share token reading its own thing gets exactly that thing.
  if (caller === "share (own)" && row.method !== "PAGE") return got.status === 200;
  if (row.method === "PAGE") return got.status === 200 || (got.status === 404 && row.path.includes("["));
  if (got.status === 401 || got.status === 403) return false;
  // Allowed: it ran. A made-up id is a 404; bad input a 400; state a 409.
  return got.status !== 404 || row.path.includes("[");
}

test("the matrix over HTTP: each route and page, each caller", async () => {
  const wrong: string[] = [];
  for (const row of ACCESS_MATRIX) {
    for (const caller of CALLERS) {
      if (caller === "expired token" && !pgMode) continue;
      const want = expectedOutcome(row, caller);
      const got = await play(row, caller);
      if (!matches(row, caller, want, got)) wrong.push(`${row.method} ${row.path} as ${caller}: wanted ${want}, got ${got.status}${got.sentTo ? ` -> ${got.sentTo}` : ""}`);
    }
  }
  assert.deepEqual(wrong, []);
});
