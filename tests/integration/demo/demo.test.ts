// The demo day on a real database: it has the shape the issue promises (read back through the
// same queries the charts use), it refuses to load twice, and removing it leaves a user's own
// rows and traffic exactly as they were.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Actor } from "@/lib/auth/permissions";
import type { AppError } from "@/lib/errors/app-error";
import { createBackend, deleteBackend, updateBackend } from "@/lib/backends/backends";
import { createProbe } from "@/lib/backends/probes";
import { createEvent } from "@/lib/events/events";
import { ingestBatch } from "@/lib/ingest/intake";
import { claimDueProbes } from "@/lib/probes/claims";
import { series, summary } from "@/lib/rollups/queries";
import { createSource } from "@/lib/sources/sources";
import { loadDemo } from "@/lib/demo/load";
import { removeDemo } from "@/lib/demo/remove";
import { demoTimeline } from "@/lib/demo/scenario";
import { DAY_MS, MINUTE_MS } from "@/lib/rollups/levels";
import { demoStatus } from "@/lib/demo/status";
import type { DemoLoaded } from "@/lib/demo/schemas";
import { getIncident, listIncidents } from "@/lib/incidents/read";

const owner: Actor = { kind: "user", id: "u1", email: "owner@example.com", name: null, role: "owner" };
const editor: Actor = { kind: "token", id: "t1", name: "ci", role: "editor" };
const slow = { timeout: 180_000 };

let t: TestDatabase;
const now = Date.now();
const tl = demoTimeline(now);
let loaded: DemoLoaded;

before(async () => {
  t = await freshDatabase("demo");
});
after(async () => {
  await t?.cleanup();
});

const sum = (backend: string, fromMs: number, toMs: number) => summary(t.db.sql, { from: fromMs, to: toMs, backend }, now);
const count = async (sql: string) => Number((await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0]!.n);

test("only admins and owners may load the demo", async () => {
  await assert.rejects(loadDemo(t.db, editor, {}, now), (e: AppError) => e.code === "forbidden");
  await assert.rejects(removeDemo(t.db, editor), (e: AppError) => e.code === "forbidden");
});

test("the demo fills the last 24 hours, marked as demo", slow, async () => {
  const started = performance.now();
  loaded = await loadDemo(t.db, owner, {}, now);
  console.log(`# demo load: ${Math.round(performance.now() - started)} ms (${loaded.requests} requests, ${loaded.probeResults} probe results)`);
  assert.equal(loaded.from, new Date(tl.startMs).toISOString());
  assert.equal(loaded.to, new Date(tl.endMs).toISOString());
  assert.deepEqual(loaded.sources.map((s) => s.kind), ["varnish", "nginx", "haproxy", "envoy"]);
  assert.deepEqual(loaded.backends.map((b) => b.name), ["shop", "media", "api", "search", "accounts"]);
  assert.equal(loaded.alongsideRealData, false);
  assert.deepEqual(await demoStatus(t.db.sql), { loaded: true, sources: 4, backends: 5, events: 6 });
  // Every backend has traffic in every minute of the day, and logs discovered no extra backend.
  const minutes = await t.db.sql.query<{ backend: string; n: number }>("SELECT backend, count(DISTINCT bucket)::int AS n FROM rollup_minute GROUP BY 1");
  for (const row of minutes) assert.equal(row.n, DAY_MS / MINUTE_MS, row.backend);
  assert.equal(minutes.length, 5);
  assert.equal(await count("backends WHERE NOT demo"), 0);
  assert.equal(await count("sources WHERE NOT demo"), 0);
  const day = await summary(t.db.sql, { from: tl.startMs, to: tl.endMs }, now);
  assert.equal(day.total, loaded.requests);
  assert.ok(day.total > 1_000_000, `a busy day: ${day.total}`);
});

test("a deploy on the api is followed ~10 minutes later by first-byte timeouts, and latency nears the 30 s timeout", slow, async () => {
  const beforeDeploy = await sum("api", tl.apiDeployMs - 2 * 60 * MINUTE_MS, tl.apiDeployMs);
  const during = await sum("api", tl.apiTimeoutsFromMs, tl.apiRollbackMs);
  assert.equal(beforeDeploy.byCause.backend_timeout ?? 0, 0);
  assert.ok((during.byCause.backend_timeout ?? 0) > 300, JSON.stringify(during.byCause));
  assert.ok((during.byStatus["504"] ?? 0) > 300);
  assert.ok(during.latency.p99! > 25_000 && during.latency.p99! < 33_000, `p99 ${during.latency.p99}`);
  assert.ok(beforeDeploy.latency.p95! < 1_000, `p95 before ${beforeDeploy.latency.p95}`);

  const errors = await series(t.db.sql, { from: tl.apiDeployMs - 30 * MINUTE_MS, to: tl.apiRollbackMs + 30 * MINUTE_MS, backend: "api", metric: "errors", groupBy: "cause" }, now);
  const timeouts = errors.series.find((s) => s.key === "backend_timeout")!;
  const first = timeouts.points.find(([, v]) => (v ?? 0) > 0)![0];
  const last = timeouts.points.findLast(([, v]) => (v ?? 0) > 0)![0];
  assert.ok(first >= tl.apiDeployMs + 9 * MINUTE_MS && first <= tl.apiDeployMs + 11 * MINUTE_MS, `first timeout ${new Date(first).toISOString()}`);
  assert.ok(last <= tl.apiRollbackMs + 3 * MINUTE_MS, "over within minutes of the rollback");
  const events = await t.db.prisma.event.findMany({ where: { backend: "api", demo: true }, orderBy: { at: "asc" } });
  assert.deepEqual(events.map((e) => e.type), ["deploy", "deploy"]);
  assert.equal(events[0]!.at.getTime(), tl.apiDeployMs);

  // The probe agrees: slow first bytes (a few past its 2 s timeout), but never sick.
  const [probe] = await t.db.sql.query<{ slow: number; timeouts: number }>(
    `SELECT count(*) FILTER (WHERE (r.phases->>'firstByteMs')::float8 > 500)::int AS slow,
            count(*) FILTER (WHERE r.error_class = 'backend_timeout')::int AS timeouts
     FROM probe_results r JOIN probes p ON p.id = r.probe_id JOIN backends b ON b.id = p.backend_id
     WHERE b.name = 'api' AND r.at >= to_timestamp($1 / 1000.0) AND r.at < to_timestamp($2 / 1000.0)`,
    [tl.apiTimeoutsFromMs + 10 * MINUTE_MS, tl.apiRollbackMs],
  );
  assert.ok(probe!.slow > 50 && probe!.timeouts > 0, JSON.stringify(probe));

  const samples = await t.db.sql.query<{ line: string; fields: { errorLog?: { message: string } } }>(
    "SELECT line, fields FROM error_samples WHERE backend = 'api' AND cause = 'backend_timeout' LIMIT 3",
  );
  assert.equal(samples.length, 3);
  for (const s of samples) {
    assert.match(s.line, /" 504 167 .* api 192\.0\.2\.20:8080 504 0\.\d{3} - 30\.\d{3} 30\.\d{3}$/);
    assert.match(s.fields.errorLog?.message ?? "", /^upstream timed out/);
  }
});

test("search refuses connections: connect_refused 503s, failing probes, sick then healthy", slow, async () => {
  const down = await sum("search", tl.searchDownFromMs, tl.searchDownToMs);
  assert.ok((down.byCause.connect_refused ?? 0) > 200, JSON.stringify(down.byCause));
  const around = await sum("search", tl.searchDownFromMs - 60 * MINUTE_MS, tl.searchDownFromMs - MINUTE_MS);
  assert.equal(around.byCause.connect_refused ?? 0, 0);

  const results = await t.db.sql.query<{ ok: boolean; error_class: string | null; message: string | null }>(
    `SELECT r.ok, r.error_class, r.message FROM probe_results r JOIN probes p ON p.id = r.probe_id JOIN backends b ON b.id = p.backend_id
     WHERE b.name = 'search' AND r.at >= to_timestamp($1 / 1000.0) AND r.at < to_timestamp($2 / 1000.0)`,
    [tl.searchDownFromMs, tl.searchDownToMs],
  );
  assert.ok(results.length > 50);
  for (const r of results) {
    assert.equal(r.ok, false);
    assert.equal(r.error_class, "connect_refused");
    assert.equal(r.message, "Connection refused by 192.0.2.30:9200");
  }
  const transitions = await t.db.sql.query<{ at: Date; from_state: string; to_state: string }>(
    "SELECT h.at, h.from_state, h.to_state FROM health_transitions h JOIN backends b ON b.id = h.backend_id WHERE b.name = 'search' ORDER BY h.at",
  );
  assert.deepEqual(transitions.map((x) => `${x.from_state}->${x.to_state}`), ["healthy->sick", "sick->healthy"]);
  const sickAt = new Date(transitions[0]!.at).getTime();
  const healthyAt = new Date(transitions[1]!.at).getTime();
  assert.ok(sickAt > tl.searchDownFromMs && sickAt < tl.searchDownFromMs + 2 * MINUTE_MS);
  assert.ok(healthyAt > tl.searchDownToMs && healthyAt < tl.searchDownToMs + MINUTE_MS);
  // Only search ever turned sick, and every demo backend ends the day healthy.
  assert.equal(await count("health_transitions"), 2);
  assert.equal(await count("probes WHERE health <> 'healthy'"), 0);
});

test("a purge on the shop is followed by a cold-cache spike of 503s (Varnish sheds load) and slower pages", slow, async () => {
  const hourBefore = await sum("shop", tl.shopPurgeMs - 60 * MINUTE_MS, tl.shopPurgeMs - MINUTE_MS);
  const after10 = await sum("shop", tl.shopPurgeMs, tl.shopPurgeMs + 10 * MINUTE_MS);
  assert.ok((after10.byStatus["503"] ?? 0) > 40, JSON.stringify(after10.byStatus));
  assert.ok((after10.byCause.proxy_overload ?? 0) > (after10.byCause.backend_timeout ?? 0));
  assert.ok((hourBefore.byStatus["503"] ?? 0) < 10, JSON.stringify(hourBefore.byStatus));
  assert.ok(after10.latency.p95! > 3 * hourBefore.latency.p95!, `${after10.latency.p95} vs ${hourBefore.latency.p95}`);
  const [busy] = await t.db.sql.query<{ line: string }>("SELECT line FROM error_samples WHERE backend = 'shop' AND cause = 'proxy_overload' LIMIT 1");
  assert.match(busy!.line, /" 503 0 .* 0 b - shop "backend shop: busy"$/);
  const purge = await t.db.prisma.event.findFirst({ where: { type: "purge", demo: true } });
  assert.equal(purge?.backend, "shop");
});

test("the demo's incidents come from its rule evaluated on its traffic, with timelines and checklists", slow, async () => {
  const incidents = await listIncidents(t.db.sql, { limit: 100 });
  assert.deepEqual(incidents.map((i) => [i.backends[0], i.causes[0]?.cause, i.status, i.demo, i.backfilled]).sort(), [
    ["api", "backend_timeout", "resolved", true, true],
    ["search", "connect_refused", "resolved", true, true],
    ["shop", "proxy_overload", "resolved", true, true],
  ]);
  const api = await getIncident(t.db.sql, incidents.find((i) => i.backends[0] === "api")!.id);
  assert.equal(api.checklists[0]?.slug, "roll-back", "the api's timeouts began after a deploy");
  assert.ok(api.timeline.some((e) => e.kind === "alert") && api.timeline.some((e) => e.kind === "deploy"));
  const rules = await t.db.prisma.alertRule.findMany({ where: { demo: true } });
  assert.equal(rules.length, 1);
});

test("loading twice is refused and changes nothing", slow, async () => {
  const rows = await count("rollup_minute");
  await assert.rejects(loadDemo(t.db, owner, {}, now), (e: AppError) => e.code === "conflict" && /already loaded/.test(e.message));
  assert.equal(await count("rollup_minute"), rows);
  assert.equal(await count("sources"), 4);
});

test("the scheduler never claims a demo probe", async () => {
  const user = await createBackend(t.db.prisma, owner, { name: "own-app", address: "192.0.2.99:80" });
  await createProbe(t.db.prisma, owner, user.backend.id, { kind: "tcp", config: { host: "192.0.2.99", port: 80 } });
  const claims = await claimDueProbes(t.db.sql, { owner: "test", nowMs: Date.now() + DAY_MS, limit: 100, leaseSlackMs: 1000 });
  assert.deepEqual(claims.map((c) => c.backendId), [user.backend.id]);
});

test("removal deletes exactly the demo rows; a user's source, backend, event and traffic stay", slow, async () => {
  const src = await createSource(t.db.prisma, owner, { name: "own-lb", kind: "haproxy" });
  const at = new Date(now - 30 * MINUTE_MS);
  const stamp = at.toISOString().replace(/^(\d+)-(\d+)-(\d+)T([\d:]+)\.(\d+)Z$/, (_m, y, mo, d, hms, ms) =>
    `${d}/${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(mo) - 1]}/${y}:${hms}.${ms}`);
  const line = (backend: string, status: number, state: string) => `10.0.0.1:40000 [${stamp}] web ${backend}/app1 0/0/1/12/13 ${status} 147 - - ${state} 1/1/0/0/0 0/0 "GET / HTTP/1.1"`;
  // Their own traffic names their backend and, by chance, the demo's "api" too.
  const answer = await ingestBatch(t.db, { id: src.id, name: src.name, kind: "haproxy", format: null, defaultBackend: null }, [
    line("own-app", 200, "----"),
    line("own-app", 500, "----"),
    line("api", 200, "----"),
  ]);
  assert.equal(answer.accepted, 3);
  const event = await createEvent(t.db.prisma, owner, { type: "deploy", title: "own deploy on api", backend: "api", at: now - MINUTE_MS });
  // A person tunes the demo's media backend (it is theirs now) and notes something on a demo source.
  const media = (await t.db.prisma.backend.findUnique({ where: { name: "media" } }))!;
  await updateBackend(t.db.prisma, owner, media.id, { tags: ["mine"] });
  const note = await createEvent(t.db.prisma, owner, { type: "note", title: "checked the edge", source: "demo-edge-nginx", at: now - MINUTE_MS });
  const ownBefore = await summary(t.db.sql, { from: now - DAY_MS, to: now, sourceId: src.id }, now);

  await assert.rejects(loadDemo(t.db, owner, {}, now), (e: AppError) => e.code === "conflict");
  const removed = await removeDemo(t.db, owner);
  assert.deepEqual({ ...removed, rollupRows: removed.rollupRows > 7_000, samples: removed.samples > 500 }, {
    sources: 4, backends: 4, probes: 4, events: 6, incidents: 3, rollupRows: true, samples: true,
  });
  assert.deepEqual(await demoStatus(t.db.sql), { loaded: false, sources: 0, backends: 0, events: 0 });
  for (const table of ["rollup_minute", "rollup_hour", "rollup_day", "error_samples"]) {
    assert.equal(await count(`${table} WHERE source_id <> '${src.id}'`), 0, table);
  }
  // Probe history is left only for the probe of the backend they made theirs.
  const kept = `(SELECT id FROM probes WHERE backend_id = '${media.id}')`;
  for (const table of ["probe_results", "probe_rollup_minute", "health_transitions"]) {
    assert.equal(await count(`${table} WHERE probe_id NOT IN ${kept}`), 0, table);
  }
  assert.deepEqual((await t.db.prisma.source.findMany()).map((s) => s.name), ["own-lb"]);
  // Their backend and probe stay; "api" stays known as a discovered backend, because their traffic names it.
  const backends = await t.db.prisma.backend.findMany({ orderBy: { name: "asc" }, include: { probes: true } });
  // The edited demo backend is theirs: it stays, with its probe, no longer marked as demo.
  assert.deepEqual(backends.map((b) => [b.name, b.origin, b.probes.length, b.demo]), [
    ["api", "discovered", 0, false],
    ["media", "manual", 1, false],
    ["own-app", "manual", 1, false],
  ]);
  const events = await t.db.prisma.event.findMany({ orderBy: { title: "asc" } });
  assert.deepEqual(events.map((e) => [e.id, e.sourceId]), [[note.id, null], [event.id, null]]);
  assert.deepEqual(await summary(t.db.sql, { from: now - DAY_MS, to: now, sourceId: src.id }, now), ownBefore);
  assert.equal(await count("error_samples"), 1);
  const audit = await t.db.prisma.auditLog.findMany({ where: { action: { startsWith: "demo." } }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => a.action), ["demo.load", "demo.remove"]);
  // Nothing left to remove is not an error.
  assert.deepEqual(await removeDemo(t.db, owner), { sources: 0, backends: 0, probes: 0, events: 0, incidents: 0, rollupRows: 0, samples: 0 });
  // Their "media" would clash with the next demo load (the next test): they delete it.
  await deleteBackend(t.db.prisma, owner, media.id);
});

test("next to a workspace's own traffic the demo loads only when asked to, and stays removable", slow, async () => {
  const later = await loadDemo(t.db, owner, { alongsideRealData: true }, now);
  assert.equal(later.alongsideRealData, true);
  assert.equal(await count("backends WHERE demo"), 5);
  // "api" was their discovered backend name: the demo takes the name over only while it is loaded.
  await removeDemo(t.db, owner);
  assert.deepEqual((await t.db.prisma.backend.findMany({ orderBy: { name: "asc" } })).map((b) => b.name), ["api", "own-app"]);
});
