// Issue #9 row 3 (SSRF): probes cannot be aimed at the network the server runs in. Against the
// real server: the built-in egress rules (metadata, link-local, mapped IPv6 forms, metadata names)
// refuse a probe when it is saved, for the API and config import alike; an editor's http probe is
// GET or HEAD with no framing headers; a redirect hop and a name that resolves to a denied
// address are refused when connecting; EGRESS_DENY narrows loopback (localhost is 127.0.0.1).
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
let narrowed: RunningServer;
let editor: string;
let admin: string;
let backendId: string;
// A local listener that must never be reached by a refused probe; it counts what reaches it.
let listener: Server;
let listenerPort: number;
const reached: string[] = [];

type Api = (path: string, init?: { token?: string; method?: string; body?: unknown; text?: string }) => Promise<Response>;
const client = (server: () => RunningServer): Api => (path, init = {}) =>
  fetch(`${server().baseUrl}${path}`, {
    method: init.method ?? (init.body !== undefined || init.text !== undefined ? "POST" : "GET"),
    headers: { authorization: `Bearer ${init.token ?? server().token}`, "content-type": init.text !== undefined ? "text/plain" : "application/json" },
    body: init.text ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
const api = client(() => s);
const narrowedApi = client(() => narrowed);

async function tokenFor(call: Api, role: string): Promise<string> {
  const r = await call("/api/v1/tokens", { body: { name: `${role}-row03`, role } });
  assert.equal(r.status, 201, await r.clone().text());
  return ((await r.json()) as { token: string }).token;
}

async function newBackend(call: Api, name: string): Promise<string> {
  const r = await call("/api/v1/backends", { body: { name } });
  assert.equal(r.status, 201, await r.clone().text());
  return ((await r.json()) as { id: string }).id;
}

const errorOf = async (r: Response) => ((await r.json()) as { error: { message: string; fields?: { path: string; message: string }[] } }).error;

before(async () => {
  listener = createServer((req, res) => {
    reached.push(`${req.method} ${req.url}`);
    if (req.url === "/to-metadata") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return res.end();
    }
    res.end("ok");
  });
  await new Promise<void>((done) => listener.listen(0, "127.0.0.1", done));
  listenerPort = (listener.address() as AddressInfo).port;
  s = await startServer();
  editor = await tokenFor(api, "editor");
  admin = await tokenFor(api, "admin");
  backendId = await newBackend(api, "row03");
});
after(async () => {
  await s?.stop();
  await narrowed?.stop();
  listener?.close();
});

const probeOf = (call: Api, token: string, kind: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  call(`/api/v1/backends/${backendId}/probes`, { token, body: { kind, config, ...extra } });

test("an editor cannot aim an http probe at cloud metadata, by address, mapped IPv6 form or name: 422 naming the rule", async () => {
  const metadata = await probeOf(api, editor, "http", { url: "http://169.254.169.254/latest/meta-data/" });
  assert.equal(metadata.status, 422);
  const error = await errorOf(metadata);
  assert.match(error.message, /169\.254\.169\.254 is in 169\.254\.0\.0\/16 \(link-local and cloud metadata\), which the egress policy denies; an operator can allow it with EGRESS_ALLOW/);
  assert.deepEqual(error.fields?.map((f) => f.path), ["config.url"]);

  for (const url of ["http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[fd00:ec2::254]/", "http://0.0.0.0:5432/", "http://[fe80::1]/", "http://224.0.0.1/"]) {
    const r = await probeOf(api, editor, "http", { url });
    assert.equal(r.status, 422, `${url}: ${r.status}`);
    assert.match((await errorOf(r)).message, /which the egress policy denies/, url);
  }
  const byName = await probeOf(api, editor, "http", { url: "http://metadata.google.internal/computeMetadata/v1/" });
  assert.equal(byName.status, 422);
  assert.match((await errorOf(byName)).message, /metadata\.google\.internal is the name of a cloud metadata service/);
  // The status-page kinds are http too.
  assert.equal((await probeOf(api, editor, "phpfpm", { url: "http://169.254.169.254/status" })).status, 422);
  // Owners are held to the same policy: only the operator's EGRESS_ALLOW opens it.
  assert.equal((await probeOf(api, s.token, "http", { url: "http://169.254.169.254/" })).status, 422);
});

test("a tcp probe to a denied range is refused, including numeric host forms the resolver reads as an address", async () => {
  for (const host of ["169.254.169.254", "::ffff:169.254.169.254", "[fe80::1]", "0.0.0.0", "2852039166" /* 169.254.169.254 */]) {
    const r = await probeOf(api, editor, "tcp", { host, port: 80 });
    assert.equal(r.status, 422, `${host}: ${r.status}`);
    assert.deepEqual((await errorOf(r)).fields?.map((f) => f.path), ["config.host"], host);
  }
});

test("editors send GET or HEAD only, and cannot forge framing headers; admins may choose another method", async () => {
  const del = await probeOf(api, editor, "http", { url: `http://127.0.0.1:${listenerPort}/admin/delete`, method: "DELETE" });
  assert.equal(del.status, 403);
  assert.match((await errorOf(del)).message, /only admins and owners can make an http probe send DELETE/);
  for (const header of ["Content-Length", "Transfer-Encoding", "Connection"]) {
    const r = await probeOf(api, editor, "http", { url: `http://127.0.0.1:${listenerPort}/`, headers: { [header]: "0" } });
    assert.equal(r.status, 400, header);
    assert.match((await errorOf(r)).message, new RegExp(`${header} cannot be set`));
  }
  // An admin's POST probe: editors may pause it, not re-aim it.
  const post = await probeOf(api, admin, "http", { url: `http://127.0.0.1:${listenerPort}/hook`, method: "POST" }, { enabled: false });
  assert.equal(post.status, 201);
  const { id } = (await post.json()) as { id: string };
  assert.equal((await api(`/api/v1/probes/${id}`, { token: editor, method: "PATCH", body: { intervalMs: 10000, timeoutMs: 2000 } })).status, 200);
  const reaimed = await api(`/api/v1/probes/${id}`, { token: editor, method: "PATCH", body: { config: { url: `http://127.0.0.1:${listenerPort}/other`, method: "POST" } } });
  assert.equal(reaimed.status, 403);
  // Nor can an allowed probe be re-aimed at a denied address.
  const get = await probeOf(api, editor, "http", { url: `http://127.0.0.1:${listenerPort}/ok` }, { enabled: false });
  const getId = ((await get.json()) as { id: string }).id;
  const moved = await api(`/api/v1/probes/${getId}`, { token: editor, method: "PATCH", body: { config: { url: "http://169.254.169.254/" } } });
  assert.equal(moved.status, 422);
  assert.ok(!reached.some((r) => r.startsWith("DELETE")), "no DELETE reached the listener");
});

test("config import with a metadata address is refused whole; the dry run names the rule", async () => {
  const vcl = `vcl 4.1;
probe health { .url = "/health"; }
backend fine { .host = "10.9.0.1"; .port = "8080"; .probe = health; }
backend meta { .host = "169.254.169.254"; .port = "80"; .probe = health; }
`;
  const dry = await api("/api/v1/import/vcl?dryRun=1", { token: editor, text: vcl });
  assert.equal(dry.status, 200);
  const preview = (await dry.json()) as { notes: { level: string; message: string }[] };
  assert.ok(
    preview.notes.some((n) => n.level === "error" && /probe of meta refused: config\.url: 169\.254\.169\.254 is in 169\.254\.0\.0\/16/.test(n.message)),
    JSON.stringify(preview.notes),
  );
  const applied = await api("/api/v1/import/vcl", { token: editor, text: vcl });
  assert.equal(applied.status, 422);
  assert.match((await errorOf(applied)).message, /nothing was applied/);
  const list = (await (await api("/api/v1/backends")).json()) as { backends: { name: string }[] };
  assert.deepEqual(list.backends.map((b) => b.name).filter((n) => n === "fine" || n === "meta"), []);
});

async function waitForResult(call: Api, probeId: string): Promise<{ ok: boolean; errorClass: string | null; message: string | null }> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const probe = (await (await call(`/api/v1/probes/${probeId}`)).json()) as { lastResult: { ok: boolean; errorClass: string | null; message: string | null } | null };
    if (probe.lastResult) return probe.lastResult;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`probe ${probeId} produced no result in 20 s`);
}

test("a redirect to a denied address is refused at that hop", async () => {
  const r = await probeOf(api, editor, "http", { url: `http://127.0.0.1:${listenerPort}/to-metadata`, followRedirects: true }, { intervalMs: 1000, timeoutMs: 900 });
  assert.equal(r.status, 201);
  const result = await waitForResult(api, ((await r.json()) as { id: string }).id);
  assert.equal(result.ok, false);
  assert.equal(result.errorClass, "invalid_config");
  assert.match(result.message ?? "", /169\.254\.169\.254 is in 169\.254\.0\.0\/16/);
});

test("EGRESS_DENY=127.0.0.0/8 narrows loopback: literals refused when saved, localhost refused when it resolves", async () => {
  narrowed = await startServer({ env: { EGRESS_DENY: "127.0.0.0/8" } });
  const id = await newBackend(narrowedApi, "narrowed");
  const literal = await narrowedApi(`/api/v1/backends/${id}/probes`, { body: { kind: "tcp", config: { host: "127.0.0.1", port: listenerPort } } });
  assert.equal(literal.status, 422);
  assert.equal((await errorOf(literal)).message, "config.host: 127.0.0.1 is in 127.0.0.0/8, which EGRESS_DENY denies");

  // A name is saved (resolving it then proves nothing: it may resolve elsewhere when probed)...
  const before = reached.length;
  const byName = await narrowedApi(`/api/v1/backends/${id}/probes`, {
    body: { kind: "http", config: { url: `http://localhost:${listenerPort}/by-name` }, intervalMs: 1000, timeoutMs: 900 },
  });
  assert.equal(byName.status, 201);
  // ...and refused when connecting, with the rule in the result; the listener saw nothing.
  const result = await waitForResult(narrowedApi, ((await byName.json()) as { id: string }).id);
  assert.equal(result.errorClass, "invalid_config");
  assert.equal(result.message, "localhost resolves to 127.0.0.1, and that is in 127.0.0.0/8, which EGRESS_DENY denies");
  assert.equal(reached.slice(before).filter((r) => r.includes("/by-name")).length, 0);
});
