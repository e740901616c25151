// Rules and silences over HTTP against the real server (background work on): the contract, 400s
// naming fields, roles, and a batch posted to the ingest API turning a rule firing within 5 s.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";
import { bearerApi, roleToken } from "../../helpers/api";
import { lines } from "./support";

let s: RunningServer;
let viewer: string;
let editor: string;
before(async () => {
  s = await startServer();
  viewer = await roleToken(api, "viewer");
  editor = await roleToken(api, "editor");
});
after(async () => {
  await s?.stop();
});

const api = bearerApi(() => s);
const json = async <T>(r: Response) => (await r.json()) as T;
type Fields = { error: { code: string; fields?: { path: string; message: string }[] } };
type Rule = { id: string; name: string; for: string; keepFiringFor: string; enabled: boolean; instances: { instance: string; state: string; value: number | null }[] };

const contract = {
  name: "5xx over 5%",
  kind: "error_rate",
  scope: {},
  config: { status: "5xx", above: 5, window: "5m", minRequests: 20 },
  for: "0s",
  keepFiringFor: "2m",
  severity: "critical",
  channels: [] as string[],
};

test("rules: the contract answers 201 with the rule; 400 names each bad field; viewers read, editors write", async () => {
  const created = await api("/api/v1/rules", { token: editor, method: "POST", body: JSON.stringify(contract) });
  assert.equal(created.status, 201);
  const rule = await json<Rule & typeof contract>(created);
  assert.ok(rule.id);
  assert.deepEqual({ ...contract, ...Object.fromEntries(Object.keys(contract).map((k) => [k, rule[k as keyof typeof contract]])) }, contract);

  const bad = await api("/api/v1/rules", {
    token: editor,
    method: "POST",
    body: JSON.stringify({ ...contract, name: "bad", kind: "cause_rate", config: { causes: ["gremlins"], above: -2, window: "5m" }, channels: [] }),
  });
  assert.equal(bad.status, 400);
  assert.deepEqual((await json<Fields>(bad)).error.fields?.map((f) => f.path).sort(), ["config.above", "config.causes.0"]);
  const long = await api("/api/v1/rules", { token: editor, method: "POST", body: JSON.stringify({ ...contract, name: "long", config: { ...contract.config, window: "60d" } }) });
  assert.deepEqual((await json<Fields>(long)).error.fields?.map((f) => f.path), ["config.window"]);
  const channel = await api("/api/v1/rules", { token: editor, method: "POST", body: JSON.stringify({ ...contract, name: "ch", channels: ["nope"] }) });
  assert.equal(channel.status, 400);
  assert.deepEqual((await json<Fields>(channel)).error.fields?.map((f) => f.path), ["channels.0"]);

  assert.equal((await api("/api/v1/rules", { token: viewer, method: "POST", body: JSON.stringify({ ...contract, name: "v" }) })).status, 403);
  const list = await json<{ rules: Rule[] }>(await api("/api/v1/rules", { token: viewer }));
  assert.deepEqual(list.rules.map((r) => r.name), ["5xx over 5%"]);

  const patched = await api(`/api/v1/rules/${rule.id}`, { token: editor, method: "PATCH", body: JSON.stringify({ for: "1m", enabled: false }) });
  assert.equal(patched.status, 200);
  assert.deepEqual(((r: Rule) => [r.for, r.keepFiringFor, r.enabled])(await json<Rule>(patched)), ["1m", "2m", false]);
  const badPatch = await api(`/api/v1/rules/${rule.id}`, { token: editor, method: "PATCH", body: JSON.stringify({ config: { above: 500, window: "5m" } }) });
  assert.deepEqual((await json<Fields>(badPatch)).error.fields?.map((f) => f.path), ["config.above"]);
  assert.equal((await api(`/api/v1/rules/${rule.id}`, { token: viewer, method: "DELETE" })).status, 403);
  assert.equal((await api(`/api/v1/rules/${rule.id}`, { token: editor, method: "DELETE" })).status, 204);
  assert.equal((await api(`/api/v1/rules/${rule.id}`, { token: viewer })).status, 404);
});

test("silences: a deploy pipeline opens a window, it is listed active, and deleted", async () => {
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const made = await api("/api/v1/silences", { token: editor, method: "POST", body: JSON.stringify({ kind: "once", endsAt, matchers: { backends: ["api"] }, comment: "deploy 1.2.3" }) });
  assert.equal(made.status, 201);
  const silence = await json<{ id: string; state: string; author: string }>(made);
  assert.deepEqual([silence.state, silence.author], ["active", "token editor"]);
  const weekly = await api("/api/v1/silences", {
    token: editor,
    method: "POST",
    body: JSON.stringify({ kind: "weekly", weekdays: [2], from: "22:00", to: "02:00", timeZone: "Mars/Olympus", comment: "maintenance" }),
  });
  assert.deepEqual((await json<Fields>(weekly)).error.fields?.map((f) => f.path), ["timeZone"]);
  assert.equal((await api("/api/v1/silences", { token: viewer, method: "POST", body: JSON.stringify({ kind: "once", endsAt, comment: "x" }) })).status, 403);
  const listed = await json<{ silences: { id: string; state: string }[] }>(await api("/api/v1/silences", { token: viewer }));
  assert.deepEqual(listed.silences.map((x) => [x.id, x.state]), [[silence.id, "active"]]);
  assert.equal((await api(`/api/v1/silences/${silence.id}`, { token: editor, method: "DELETE" })).status, 204);
  assert.equal((await api(`/api/v1/silences/${silence.id}`, { token: editor, method: "DELETE" })).status, 404);
});

test("a batch posted to the ingest API pushes a for: 0s rule to firing within 5 s", async () => {
  const format =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
    "ua=$upstream_addr us=$upstream_status uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time rt=$request_time";
  const src = await json<{ token: string }>(await api("/api/v1/sources", { token: editor, method: "POST", body: JSON.stringify({ name: "edge", kind: "nginx", format }) }));
  const made = await api("/api/v1/rules", { token: editor, method: "POST", body: JSON.stringify({ ...contract, name: "fast", scope: { backend: "10.0.0.2:8080" } }) });
  const rule = await json<Rule>(made);
  const started = Date.now();
  const ingest = await fetch(`${s.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${src.token}`, "content-type": "text/plain" },
    body: lines(started - 2000, 503, 40).join("\n"),
  });
  assert.equal(ingest.status, 202);
  let state: string | undefined;
  while (Date.now() - started < 5000) {
    state = (await json<Rule>(await api(`/api/v1/rules/${rule.id}`, { token: viewer }))).instances[0]?.state;
    if (state === "firing") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(state, "firing", `firing within 5 s of the batch's 202 (${Date.now() - started} ms)`);
});
