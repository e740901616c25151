// Issue #9 row 12 (and the "viewers read the results" part of row 3): against the real server,
// probe URLs show query values as *** to everyone below admin in every view (backends list and
// detail, probes, results, pages); header values and URL passwords are write-only, admins and
// owners included; viewers see nothing of a response's body or headers (a redirect's Location).
// An update that sends the markers back keeps the stored values: the origin still receives them.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signIn, startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
let origin: Server;
let port: number;
const seen: { at: number; url: string; headers: IncomingHttpHeaders }[] = [];
const tokens: Record<"viewer" | "editor" | "admin", string> = { viewer: "", editor: "", admin: "" };
let viewerCookie: string;
let backendId: string;
let probeId: string;

// Everything secret this test plants: none may reach a reader who should not see it.
const SECRETS = { query: "abc123", password: "s3cret", header: "TOKENSECRET", location: "LOCSECRET", body: "BODYSECRET", responseHeader: "HDRSECRET" };

const api = (path: string, init: { token?: string; method?: string; body?: unknown } = {}) =>
  fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${init.token ?? s.token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

before(async () => {
  origin = createServer((req, res) => {
    seen.push({ at: Date.now(), url: req.url ?? "", headers: req.headers });
    if (req.url?.startsWith("/status")) {
      res.writeHead(302, { location: `/final?session=${SECRETS.location}` });
      return res.end();
    }
    res.writeHead(200, { "x-origin-secret": SECRETS.responseHeader });
    res.end(`${SECRETS.body} ok`);
  });
  await new Promise<void>((done) => origin.listen(0, "127.0.0.1", done));
  port = (origin.address() as AddressInfo).port;
  s = await startServer();
  for (const role of ["viewer", "editor", "admin"] as const) {
    const r = await api("/api/v1/tokens", { body: { name: `${role}-row12`, role } });
    tokens[role] = ((await r.json()) as { token: string }).token;
  }
  const user = await api("/api/v1/users", { body: { email: "viewer12@example.com", password: "viewer password 12", role: "viewer" } });
  assert.equal(user.status, 201, await user.clone().text());
  viewerCookie = await signIn(s.baseUrl, "viewer12@example.com", "viewer password 12");

  backendId = ((await (await api("/api/v1/backends", { body: { name: "row12" } })).json()) as { id: string }).id;
  const created = await api(`/api/v1/backends/${backendId}/probes`, {
    body: {
      kind: "http",
      config: {
        url: `http://ops:${SECRETS.password}@127.0.0.1:${port}/status?api_key=${SECRETS.query}&v=2`,
        headers: { "X-Api-Token": SECRETS.header },
        followRedirects: true,
        bodyMatch: { type: "substring", value: "ok" },
      },
      intervalMs: 1000,
      timeoutMs: 900,
    },
  });
  assert.equal(created.status, 201, await created.clone().text());
  probeId = ((await created.json()) as { id: string }).id;
  await waitFor(async () => {
    const probe = (await (await api(`/api/v1/probes/${probeId}`)).json()) as { lastResult: { ok: boolean } | null };
    return probe.lastResult?.ok === true;
  }, "the probe's first passing result");
});
after(async () => {
  await s?.stop();
  origin?.close();
});

async function waitFor(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every API view of the backend and its probe, as one text per path. */
async function apiViews(token: string): Promise<Record<string, string>> {
  const paths = ["/api/v1/backends", `/api/v1/backends/${backendId}`, `/api/v1/backends/${backendId}/probes`, `/api/v1/probes/${probeId}`, `/api/v1/probes/${probeId}/results`];
  const out: Record<string, string> = {};
  for (const path of paths) {
    const r = await api(path, { token });
    assert.equal(r.status, 200, path);
    out[path] = await r.text();
  }
  return out;
}

function assertHidden(views: Record<string, string>, secrets: string[], who: string) {
  for (const [path, text] of Object.entries(views)) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${who} reads ${secret} in ${path}`);
  }
}

const probeConfig = async (token: string) => ((await (await api(`/api/v1/probes/${probeId}`, { token })).json()) as { config: Record<string, unknown> }).config;

test("a viewer sees query values as ***, no secrets and nothing of the response, in the API and the pages", async () => {
  const views = await apiViews(tokens.viewer);
  assertHidden(views, Object.values(SECRETS), "a viewer");
  const config = await probeConfig(tokens.viewer);
  assert.equal(config.url, `http://ops:hidden@127.0.0.1:${port}/status?api_key=***&v=***`);
  assert.deepEqual(config.headers, { "X-Api-Token": "[hidden]" });
  const results = JSON.parse(views[`/api/v1/probes/${probeId}/results`]!) as { results: { ok: boolean; signals: Record<string, unknown> | null }[] };
  assert.ok(results.results.length > 0);
  for (const r of results.results) assert.equal(r.signals?.final_url, undefined, "the redirect's Location is a response header");

  for (const page of ["/backends", `/backends/${backendId}`]) {
    const r = await fetch(`${s.baseUrl}${page}`, { headers: { cookie: viewerCookie } });
    assert.equal(r.status, 200, page);
    assertHidden({ [page]: await r.text() }, Object.values(SECRETS), "a viewer's page");
  }
});

test("an editor sees query values as ***, also in result URLs; secrets and bodies never", async () => {
  const views = await apiViews(tokens.editor);
  assertHidden(views, [SECRETS.query, SECRETS.password, SECRETS.header, SECRETS.location, SECRETS.body, SECRETS.responseHeader], "an editor");
  assert.equal((await probeConfig(tokens.editor)).url, `http://ops:hidden@127.0.0.1:${port}/status?api_key=***&v=***`);
  assert.match(views[`/api/v1/probes/${probeId}/results`]!, /final\?session=\*\*\*/);
});

test("admins and owners see query values, but secrets only as set, never their value", async () => {
  for (const token of [tokens.admin, s.token]) {
    const views = await apiViews(token);
    assertHidden(views, [SECRETS.password, SECRETS.header, SECRETS.body, SECRETS.responseHeader], "an admin");
    const config = await probeConfig(token);
    assert.equal(config.url, `http://ops:hidden@127.0.0.1:${port}/status?api_key=${SECRETS.query}&v=2`);
    assert.deepEqual(config.headers, { "X-Api-Token": "[hidden]" });
  }
});

test("an edit that sends the config back as read keeps every secret; moving it to another origin needs them again", async () => {
  const asRead = await probeConfig(tokens.editor);
  const patchedAt = Date.now();
  const patched = await api(`/api/v1/probes/${probeId}`, { token: tokens.editor, method: "PATCH", body: { config: { ...asRead, expectedStatus: [200, 204] } } });
  assert.equal(patched.status, 200, await patched.clone().text());
  await waitFor(() => seen.some((r) => r.at > patchedAt && r.url.startsWith("/status")), "a probe request after the edit");
  const after = seen.find((r) => r.at > patchedAt && r.url.startsWith("/status"))!;
  assert.equal(after.url, `/status?api_key=${SECRETS.query}&v=2`);
  assert.equal(after.headers.authorization, `Basic ${Buffer.from(`ops:${SECRETS.password}`).toString("base64")}`);
  assert.equal(after.headers["x-api-token"], SECRETS.header);

  const moved = await api(`/api/v1/probes/${probeId}`, {
    token: tokens.editor,
    method: "PATCH",
    body: { config: { ...asRead, url: String(asRead.url).replace("127.0.0.1", "localhost") } },
  });
  assert.equal(moved.status, 400);
  const error = ((await moved.json()) as { error: { fields: { path: string; message: string }[] } }).error;
  assert.ok(error.fields.some((f) => f.path === "config.headers.X-Api-Token" && /same origin/.test(f.message)), JSON.stringify(error.fields));
});
