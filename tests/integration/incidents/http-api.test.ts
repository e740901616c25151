// The incident and checklist-template routes over HTTP against the real server (background work
// on): HAProxy's own refused-connection lines posted to the ingest API fire a rule and open an
// incident; then the contract's fields, every write, viewers' 403s, and edited checklists that
// new incidents use while the open one keeps its own.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";
import { bearerApi } from "../../helpers/api";
import { haproxyLines } from "./support";

let s: RunningServer;
let viewer: string;
let editor: string;
let sourceToken: string;
let assigneeId: string;
let id: string;

const api = bearerApi(() => s);
const json = async <T>(r: Response) => (await r.json()) as T;
const post = (path: string, body: unknown, token = editor) => api(path, { token, method: "POST", body: JSON.stringify(body) });

type Summary = { id: string; title: string; status: string; stage: string | null; severity: string; openedAt: string; acknowledgedAt: string | null; resolvedAt: string | null; backends: string[]; causes: { cause: string; count: number; share: number }[]; assignee: { id: string; name: string } | null };
type Step = { id: string; title: string; detail: string; done: boolean; doneBy: string | null; doneAt: string | null; auto: boolean };
type Detail = Summary & { timeline: { at: string; kind: string; message: string; data: Record<string, unknown> }[]; checklists: { slug: string; title: string; reason: string; causes: string[]; steps: Step[] }[] };
type Template = { slug: string; title: string; builtIn: boolean; version: number | null; updatedBy: string | null; usedFor: string[]; steps: { id: string; title: string; detail: string; commands?: Record<string, string[]> }[] };
type Fields = { error: { code: string; fields?: { path: string }[] } };

/** Refused connections for `backend`, posted to the ingest API; answers the incident that opens for it. */
async function failing(backend: string): Promise<string> {
  const r = await fetch(`${s.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${sourceToken}`, "content-type": "text/plain" },
    body: haproxyLines("refused", backend, Date.now() - 20_000, 30).join("\n"),
  });
  assert.equal(r.status, 202);
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const list = await json<{ incidents: Summary[] }>(await api(`/api/v1/incidents?backend=${backend}`));
    if (list.incidents[0]) return list.incidents[0].id;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`no incident for ${backend} within 15 s:\n${s.logs(3000)}`);
}

before(async () => {
  s = await startServer();
  const token = async (role: string) => (await json<{ token: string }>(await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: role, role }) }))).token;
  viewer = await token("viewer");
  editor = await token("editor");
  const user = await api("/api/v1/users", { method: "POST", body: JSON.stringify({ email: "oncall@example.com", name: "On Call", password: "on-call-password-1", role: "editor" }) });
  assert.equal(user.status, 201);
  assigneeId = (await json<{ user: { id: string } }>(user)).user.id;
  const src = await post("/api/v1/sources", { name: "lb", kind: "haproxy", format: "option httplog" });
  assert.equal(src.status, 201);
  sourceToken = (await json<{ token: string }>(src)).token;
  const rule = await post("/api/v1/rules", {
    name: "5xx", kind: "error_rate", scope: {}, config: { status: "5xx", above: 20, window: "5m", minRequests: 10 }, for: "0s", keepFiringFor: "1h", severity: "critical", channels: [],
  });
  assert.equal(rule.status, 201);
  id = await failing("shop");
});
after(async () => {
  await s?.stop();
});

test("list: the contract's fields, filtered by status, backend and window; 400 names a bad filter", async () => {
  const all = await json<{ incidents: Summary[] }>(await api("/api/v1/incidents", { token: viewer }));
  const inc = all.incidents.find((i) => i.id === id)!;
  for (const k of ["id", "title", "status", "stage", "severity", "openedAt", "acknowledgedAt", "resolvedAt", "backends", "causes"]) assert.ok(k in inc, k);
  assert.deepEqual([inc.status, inc.severity, inc.backends, inc.acknowledgedAt, inc.resolvedAt], ["open", "critical", ["shop"], null, null]);
  assert.equal(inc.causes[0]?.cause, "connect_refused");
  assert.ok(inc.causes[0]!.count > 0 && inc.causes[0]!.share > 0.5);
  const ids = async (q: string) => (await json<{ incidents: Summary[] }>(await api(`/api/v1/incidents?${q}`, { token: viewer }))).incidents.map((i) => i.id);
  assert.deepEqual(await ids("status=open&backend=shop"), [id]);
  assert.deepEqual(await ids("status=resolved"), []);
  assert.deepEqual(await ids("backend=elsewhere"), []);
  assert.deepEqual(await ids(`backend=shop&to=${new Date(Date.now() - 3_600_000).toISOString()}`), []);
  assert.deepEqual(await ids(`backend=shop&from=${new Date(Date.now() - 3_600_000).toISOString()}`), [id]);
  const bad = await api("/api/v1/incidents?status=sleeping", { token: viewer });
  assert.equal(bad.status, 400);
  assert.deepEqual((await json<Fields>(bad)).error.fields?.map((f) => f.path), ["status"]);
});

test("detail: timeline oldest first and checklists most relevant first, in the contract's fields", async () => {
  const r = await api(`/api/v1/incidents/${id}`, { token: viewer });
  assert.equal(r.status, 200);
  const d = await json<Detail>(r);
  assert.ok(d.timeline.length > 0);
  for (const e of d.timeline) assert.deepEqual(Object.keys(e).filter((k) => ["at", "kind", "message", "data"].includes(k)).sort(), ["at", "data", "kind", "message"]);
  const times = d.timeline.map((e) => Date.parse(e.at));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  assert.equal(d.checklists[0]?.slug, "origin-down", "refused connections: is the origin up, first");
  const c = d.checklists[0]!;
  assert.ok(c.reason.includes("connect_refused") && c.causes.includes("connect_refused"));
  for (const k of ["id", "title", "detail", "done", "doneBy", "doneAt", "auto"]) assert.ok(k in c.steps[0]!, k);
  assert.equal((await api(`/api/v1/incidents/nope`, { token: viewer })).status, 404);
});

test("viewers get 403 on every write and the incident is unchanged", async () => {
  assert.equal((await post(`/api/v1/incidents/${id}/ack`, {}, viewer)).status, 403);
  assert.equal((await post(`/api/v1/incidents/${id}/comments`, { body: "hi" }, viewer)).status, 403);
  assert.equal((await api(`/api/v1/incidents/${id}`, { token: viewer, method: "PATCH", body: JSON.stringify({ stage: "identified" }) })).status, 403);
  assert.equal((await api(`/api/v1/incidents/${id}/checklists/origin-down/steps/process`, { token: viewer, method: "PUT", body: JSON.stringify({ done: true }) })).status, 403);
  const d = await json<Detail>(await api(`/api/v1/incidents/${id}`, { token: viewer }));
  assert.deepEqual([d.status, d.stage, d.assignee], ["open", null, null]);
});

test("ack, comment, PATCH stage and assignee, PUT step, postmortem, resolve: each on the timeline", async () => {
  const ack = await post(`/api/v1/incidents/${id}/ack`, {});
  assert.equal(ack.status, 200);
  const acked = await json<Detail>(ack);
  assert.equal(acked.status, "acknowledged");
  assert.ok(acked.acknowledgedAt);
  assert.equal((await post(`/api/v1/incidents/${id}/ack`, {})).status, 409);

  assert.equal((await post(`/api/v1/incidents/${id}/comments`, { body: "restarting the app" })).status, 201);
  assert.equal((await post(`/api/v1/incidents/${id}/comments`, { body: "" })).status, 400);

  const patched = await api(`/api/v1/incidents/${id}`, { token: editor, method: "PATCH", body: JSON.stringify({ stage: "identified", assignee: assigneeId }) });
  assert.equal(patched.status, 200);
  const p = await json<Detail>(patched);
  assert.deepEqual([p.stage, p.assignee], ["identified", { id: assigneeId, name: "On Call" }]);
  assert.ok(p.timeline.some((e) => e.kind === "assigned" && e.message === "Assigned to On Call by token editor"), "assigned to X by Y");
  const badAssignee = await api(`/api/v1/incidents/${id}`, { token: editor, method: "PATCH", body: JSON.stringify({ assignee: "nobody" }) });
  assert.deepEqual((await json<Fields>(badAssignee)).error.fields?.map((f) => f.path), ["assignee"]);
  const badStage = await api(`/api/v1/incidents/${id}`, { token: editor, method: "PATCH", body: JSON.stringify({ stage: "panicking" }) });
  assert.deepEqual((await json<Fields>(badStage)).error.fields?.map((f) => f.path), ["stage"]);

  const step = await api(`/api/v1/incidents/${id}/checklists/origin-down/steps/process`, { token: editor, method: "PUT", body: JSON.stringify({ done: true, note: "restarted" }) });
  assert.equal(step.status, 200);
  assert.equal((await api(`/api/v1/incidents/${id}/checklists/origin-down/steps/nope`, { token: editor, method: "PUT", body: JSON.stringify({ done: true }) })).status, 404);
  const d = await json<Detail>(await api(`/api/v1/incidents/${id}`, { token: viewer }));
  const ticked = d.checklists.find((c) => c.slug === "origin-down")!.steps.find((x) => x.id === "process")!;
  assert.deepEqual([ticked.done, ticked.doneBy, ticked.auto, typeof ticked.doneAt], [true, "token editor", false, "string"]);
  const kinds = d.timeline.map((e) => e.kind);
  for (const k of ["acknowledged", "comment", "stage", "assigned", "step"]) assert.ok(kinds.includes(k), k);

  const pm = await api(`/api/v1/incidents/${id}/postmortem`, { token: viewer });
  assert.equal(pm.status, 200);
  assert.match(pm.headers.get("content-type") ?? "", /markdown/);
  const md = await pm.text();
  assert.ok(md.includes(d.title) && md.includes("restarting the app"));

  const resolved = await api(`/api/v1/incidents/${id}`, { token: editor, method: "PATCH", body: JSON.stringify({ status: "resolved" }) });
  assert.equal(resolved.status, 200);
  const r = await json<Detail>(resolved);
  assert.equal(r.status, "resolved");
  assert.ok(r.resolvedAt);
  assert.equal((await api(`/api/v1/incidents/${id}`, { token: editor, method: "PATCH", body: JSON.stringify({ status: "open" }) })).status, 409);
});

test("checklist templates: edit as versions, new incidents use them, open ones keep theirs, restore is recorded; viewers read only", async () => {
  const list = await json<{ checklists: Template[] }>(await api("/api/v1/checklists", { token: viewer }));
  const builtIn = list.checklists.find((c) => c.slug === "origin-down")!;
  assert.deepEqual([builtIn.builtIn, builtIn.version], [true, null]);
  assert.ok(builtIn.usedFor.includes("connect_refused"));

  const edited = { title: "Is the origin up? (our runbook)", steps: [{ id: "pager", title: "Page the app team", detail: "Channel #app-oncall.", commands: { app: ["systemctl status shop"] } }, ...builtIn.steps] };
  assert.equal((await api("/api/v1/checklists/origin-down", { token: viewer, method: "PUT", body: JSON.stringify(edited) })).status, 403);
  const bad = await api("/api/v1/checklists/origin-down", {
    token: editor,
    method: "PUT",
    body: JSON.stringify({ title: "x", steps: [{ id: "a", title: "A", detail: "", check: { kind: "moon_phase" } }, { id: "B!", title: "", detail: "", commands: { cobol: ["x"] } }] }),
  });
  assert.equal(bad.status, 400);
  assert.deepEqual((await json<Fields>(bad)).error.fields?.map((f) => f.path).sort(), ["steps.0.check.kind", "steps.1.commands", "steps.1.id", "steps.1.title"]);
  const dup = await api("/api/v1/checklists/origin-down", { token: editor, method: "PUT", body: JSON.stringify({ title: "x", steps: [{ id: "a", title: "A" }, { id: "a", title: "B" }] }) });
  assert.deepEqual((await json<Fields>(dup)).error.fields?.map((f) => f.path), ["steps"]);
  assert.equal((await api("/api/v1/checklists/no-such", { token: editor, method: "PUT", body: JSON.stringify(edited) })).status, 404);

  const saved = await api("/api/v1/checklists/origin-down", { token: editor, method: "PUT", body: JSON.stringify(edited) });
  assert.equal(saved.status, 200);
  const t = await json<Template>(saved);
  assert.deepEqual([t.builtIn, t.version, t.title, t.updatedBy, t.steps[0]?.id], [false, 1, edited.title, "token editor", "pager"]);

  const fresh = await json<Detail>(await api(`/api/v1/incidents/${await failing("cart")}`, { token: viewer }));
  const used = fresh.checklists.find((c) => c.slug === "origin-down")!;
  assert.deepEqual([used.title, used.steps[0]?.id], [edited.title, "pager"], "a new incident uses the version in force");
  assert.ok(used.steps[0]!.detail.includes("systemctl status shop"), "with its commands for the stack involved");
  const old = (await json<Detail>(await api(`/api/v1/incidents/${id}`, { token: viewer }))).checklists.find((c) => c.slug === "origin-down")!;
  assert.deepEqual([old.title, old.steps[0]?.id], [builtIn.title, "process"], "the earlier incident keeps the version it started with");
  assert.equal((await api(`/api/v1/incidents/${fresh.id}/checklists/origin-down/steps/pager`, { token: editor, method: "PUT", body: JSON.stringify({ done: true }) })).status, 200);

  assert.equal((await post("/api/v1/checklists/origin-down/restore", {}, viewer)).status, 403);
  const restored = await post("/api/v1/checklists/origin-down/restore", {});
  assert.equal(restored.status, 200);
  assert.deepEqual(((r: Template) => [r.builtIn, r.version, r.title])(await json<Template>(restored)), [true, 2, builtIn.title]);
  assert.equal((await post("/api/v1/checklists/origin-down/restore", {})).status, 409);
  const versions = await json<{ versions: { version: number; builtIn: boolean; author: string; title: string }[] }>(await api("/api/v1/checklists/origin-down/versions", { token: viewer }));
  assert.deepEqual(versions.versions.map((v) => [v.version, v.builtIn, v.author, v.title]), [[2, true, "token editor", builtIn.title], [1, false, "token editor", edited.title]]);
  assert.equal((await api("/api/v1/checklists/no-such/versions", { token: viewer })).status, 404);
});

test("pages: Settings → Checklists shows the versions; the incident page offers the assignee picker", async () => {
  const cookie = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  const settings = await fetch(`${s.baseUrl}/settings/checklists`, { headers: { cookie } });
  assert.equal(settings.status, 200);
  const html = await settings.text();
  for (const text of ["Is the origin process up?", "Save as a new version", "/settings/checklists"]) assert.ok(html.includes(text), text);
  const page = await fetch(`${s.baseUrl}/incidents/${id}`, { headers: { cookie } });
  assert.equal(page.status, 200);
  const incident = await page.text();
  assert.match(incident, /aria-label="Assignee"/);
  assert.ok(incident.includes(`value="${assigneeId}"`) && incident.includes("On Call"), "the active users as options");
});
