// /metrics against the real server: who may scrape it (token, METRICS_ALLOW, nobody else), and
// that what it answers parses as exposition format 0.0.4 and counts what was ingested: requests
// and 5xx by backend, latency buckets, ingest counters, probe health, alert states.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";
import { parseExposition, sampleValue, type ParsedFamily } from "../../helpers/prometheus";
import { lines } from "../alerts/support";
import { usingPostgres } from "../../helpers/db";

let s: RunningServer;
let viewer: string;
let source: string;
before(async () => {
  s = await startServer();
  const post = (path: string, body: unknown) =>
    fetch(`${s.baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  viewer = ((await (await post("/api/v1/tokens", { name: "scraper", role: "viewer" })).json()) as { token: string }).token;
  const format =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
    "ua=$upstream_addr us=$upstream_status uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time rt=$request_time";
  source = ((await (await post("/api/v1/sources", { name: "edge", kind: "nginx", format })).json()) as { token: string }).token;
});
after(async () => {
  await s?.stop();
});

const scrape = (headers: Record<string, string> = {}) => fetch(`${s.baseUrl}/metrics`, { headers });

async function metrics(): Promise<Map<string, ParsedFamily>> {
  const r = await scrape({ authorization: `Bearer ${viewer}` });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await r.text());
}

async function ingest(batch: string[]) {
  const r = await fetch(`${s.baseUrl}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${source}`, "content-type": "text/plain" }, body: batch.join("\n") });
  assert.equal(r.status, 202);
}

test("without a token or an allowed address: 401; a bad token: 401; a browser session: 403; a viewer token: 200", async () => {
  assert.equal((await scrape()).status, 401);
  assert.equal((await scrape({ authorization: "Bearer ow_api_nonsense" })).status, 401);
  const cookie = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  assert.equal((await scrape({ cookie })).status, 403);
  assert.equal((await scrape({ authorization: `Bearer ${viewer}` })).status, 200);
});

test("requests, 5xx by cause and latency buckets count ingested lines, and only grow", async () => {
  const before = await metrics();
  const backend = "10.0.9.1:8080";
  const now = Date.now();
  await ingest([...lines(now - 3000, 200, 30, backend), ...lines(now - 2000, 503, 10, backend), "garbage that is no log line"]);
  const first = await metrics();
  assert.equal(sampleValue(first, "originwatch_requests_total", { backend, status_class: "2xx" }), 30);
  assert.equal(sampleValue(first, "originwatch_requests_total", { backend, status_class: "5xx" }), 10);
  const errors = first.get("originwatch_errors_total")!.samples.filter((x) => x.labels.backend === backend);
  assert.equal(errors.reduce((n, x) => n + x.value, 0), 10, JSON.stringify(errors));
  assert.equal(sampleValue(first, "originwatch_request_duration_seconds_count", { backend }), 40);
  // The lines say urt=0.020: 20 ms, inside the 25 ms bound and not the 10 ms one.
  assert.equal(sampleValue(first, "originwatch_request_duration_seconds_bucket", { backend, le: "0.01" }), 0);
  assert.equal(sampleValue(first, "originwatch_request_duration_seconds_bucket", { backend, le: "0.025" }), 40);
  const lines0 = (name: string, result?: string) => sampleValue(before, name, result ? { result } : {}) ?? 0;
  assert.equal(sampleValue(first, "originwatch_ingest_lines_total", { result: "accepted" }), lines0("originwatch_ingest_lines_total", "accepted") + 40);
  assert.equal(sampleValue(first, "originwatch_ingest_lines_total", { result: "rejected" }), lines0("originwatch_ingest_lines_total", "rejected") + 1);
  assert.equal(sampleValue(first, "originwatch_ingest_batches_total", {}), lines0("originwatch_ingest_batches_total") + 1);

  await ingest(lines(now - 1000, 200, 5, backend));
  const second = await metrics();
  for (const [name, family] of first) {
    if (family.type !== "counter") continue;
    for (const x of family.samples) {
      const later = sampleValue(second, x.name, x.labels);
      assert.ok(later !== undefined && later >= x.value, `${x.name}${JSON.stringify(x.labels)} went from ${x.value} to ${later} (${name})`);
    }
  }
  assert.equal(sampleValue(second, "originwatch_requests_total", { backend, status_class: "2xx" }), 35);
});

test("alert instance states and probe health are gauges, one series per state", async () => {
  const backend = "10.0.9.2:8080";
  const authed = { authorization: `Bearer ${s.token}`, "content-type": "application/json" };
  const rule = await fetch(`${s.baseUrl}/api/v1/rules`, {
    method: "POST",
    headers: authed,
    body: JSON.stringify({ name: 'metrics "rule"', kind: "error_rate", scope: { backend }, config: { status: "5xx", above: 5, window: "5m", minRequests: 20 }, for: "0s", keepFiringFor: "0s", severity: "critical", channels: [] }),
  });
  assert.equal(rule.status, 201);
  const made = await fetch(`${s.baseUrl}/api/v1/backends`, { method: "POST", headers: authed, body: JSON.stringify({ name: "self", address: new URL(s.baseUrl).host }) });
  const { id } = (await made.json()) as { id: string };
  const port = Number(new URL(s.baseUrl).port);
  const probe = await fetch(`${s.baseUrl}/api/v1/backends/${id}/probes`, { method: "POST", headers: authed, body: JSON.stringify({ kind: "tcp", config: { host: "127.0.0.1", port } }) });
  assert.equal(probe.status, 201);
  const probeId = ((await probe.json()) as { id: string }).id;
  await ingest(lines(Date.now() - 2000, 503, 40, backend));

  let m = await metrics();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (sampleValue(m, "originwatch_alert_state", { rule: 'metrics "rule"', backend, state: "firing" }) !== 1 || sampleValue(m, "originwatch_probe_up", { backend: "self", probe: probeId, kind: "tcp" }) !== 1)) {
    await new Promise((r) => setTimeout(r, 250));
    m = await metrics();
  }
  assert.equal(sampleValue(m, "originwatch_alert_state", { rule: 'metrics "rule"', backend, state: "firing" }), 1);
  assert.equal(sampleValue(m, "originwatch_alert_state", { rule: 'metrics "rule"', backend, state: "normal" }), 0);
  assert.equal(m.get("originwatch_alert_state")!.samples.filter((x) => x.labels.backend === backend).length, 6);
  assert.equal(sampleValue(m, "originwatch_probe_up", { backend: "self", probe: probeId, kind: "tcp" }), 1);
  assert.ok((sampleValue(m, "originwatch_alert_evaluations_total", {}) ?? 0) > 0);
  assert.ok((sampleValue(m, "originwatch_alert_evaluation_duration_seconds_count", {}) ?? 0) > 0);
});

test("METRICS_ALLOW lets a scraper at an allowed address in without a token", async () => {
  const allowed = await startServer({ env: { METRICS_ALLOW: "127.0.0.0/8, ::1/128" } });
  try {
    const r = await fetch(`${allowed.baseUrl}/metrics`);
    assert.equal(r.status, 200);
    parseExposition(await r.text());
  } finally {
    await allowed.stop();
  }
});

test("memory: the process's RSS and heap, and on the embedded database its WebAssembly memory", async () => {
  const m = await metrics();
  const value = (name: string) => sampleValue(m, name, {});
  const rss = value("process_resident_memory_bytes") ?? 0;
  assert.ok(rss > 50 * 1048576, `RSS ${rss}`);
  const heap = value("nodejs_heap_size_used_bytes") ?? 0;
  assert.ok(heap > 0 && heap <= (value("nodejs_heap_size_total_bytes") ?? 0), "heap used within heap total");
  assert.ok((value("nodejs_external_memory_bytes") ?? 0) > 0);
  const engine = value("originwatch_embedded_database_memory_bytes");
  if (usingPostgres()) assert.equal(engine, undefined, "no embedded database on PostgreSQL");
  else assert.ok(engine !== undefined && engine >= 16 * 1048576 && engine < rss, `embedded database memory ${engine}`);
});
