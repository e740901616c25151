// Incident scenarios on real HAProxy log lines, through ingest, rollups and rule evaluation:
// a first-byte-timeout storm, a deploy just before, refused connections, two proxies in front
// of one origin, a second backend failing, recovery with steps verified by data, and a restart.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { getIncident, listIncidents } from "@/lib/incidents/read";
import type { IngestSource } from "@/lib/sources/sources";
import { ingest, owner } from "../alerts/support";
import { haproxyLines, haproxySource } from "./support";

const limits = limitsFromRetention({ minuteDays: 30 });
let t: TestDatabase;
let db: Database;
let lb1: IngestSource;
let lb2: IngestSource;
before(async () => {
  t = await freshDatabase("incident_scenarios");
  db = t.db;
  lb1 = await haproxySource(db, "lb-1");
  lb2 = await haproxySource(db, "lb-2");
  // One rule over every backend, as a team would start: 5xx above 20 % over 5 minutes.
  await createRule(db.prisma, owner, {
    name: "5xx over 20%",
    kind: "error_rate",
    scope: {},
    config: { status: "5xx", above: 20, window: "5m", minRequests: 10 },
    for: "0s",
    keepFiringFor: "2m",
    severity: "critical",
  }, limits);
});
after(async () => {
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

const MIN = 60_000;
/** Each test gets its own hour of the recent past, so windows never overlap. */
const hour = (n: number) => Math.floor(Date.now() / MIN) * MIN - n * 60 * MIN;
const incidentsOf = async (backend: string) => (await listIncidents(db.sql, { backend, limit: 100 })).reverse();

async function backend(name: string, firstByteTimeoutMs = 1000) {
  await db.prisma.backend.create({ data: { name, firstByteTimeoutMs } });
}

test("a first-byte-timeout storm opens one incident, backend_timeout dominant, the timeout checklist first", async () => {
  await backend("shop");
  const at = hour(10);
  await ingest(db, lb1, haproxyLines("ok", "shop", at - 3 * MIN, 50));
  await ingest(db, lb1, haproxyLines("slow", "shop", at, 30));
  await evaluateRules(db.sql, { at: at + 30_000 });
  const [inc] = await incidentsOf("shop");
  assert.ok(inc, "an incident opened");
  assert.equal(inc.causes[0]?.cause, "backend_timeout");
  assert.equal(inc.causes[0]?.share, 1);
  const detail = await getIncident(db.sql, inc.id, at + 60_000);
  assert.equal(detail.checklists[0]?.slug, "slow-origin");
  assert.match(detail.checklists[0]!.reason, /backend_timeout is 100 % of 5xx and p95 latency reached/);
  const steps = detail.checklists[0]!.steps.map((s) => s.id);
  assert.ok(steps.indexOf("slow-queries") < steps.indexOf("timeouts") && steps.indexOf("workers") < steps.indexOf("timeouts"), "queries and workers before the timeout");
  assert.match(detail.checklists[0]!.steps[2]!.detail, /timeout server/, "HAProxy's commands, since HAProxy reported it");
  assert.doesNotMatch(detail.checklists[0]!.steps[2]!.detail, /first_byte_timeout' \/etc\/varnish/, "no Varnish commands: no Varnish involved");
  const kinds = detail.timeline.map((e) => e.kind);
  assert.ok(kinds.includes("opened") && kinds.includes("alert") && kinds.includes("cause_mix") && kinds.includes("latency"), kinds.join(","));
  assert.ok(detail.timeline.some((e) => e.message === "backend_timeout rose from 0 % to 100 % of 5xx"));
  assert.ok(detail.evidence.samples.length > 0 && detail.evidence.samples.every((s) => s.cause === "backend_timeout"), "raw lines kept");
  assert.ok(detail.timeline.every((e, i, all) => i === 0 || all[i - 1]!.at <= e.at), "oldest first");
});

test("with a deploy event just before, rolling back comes first", async () => {
  await backend("cart");
  const at = hour(20);
  await db.prisma.event.create({ data: { type: "deploy", title: "cart v2.15.0", at: new Date(at - 4 * MIN), backend: "cart" } });
  await ingest(db, lb1, haproxyLines("ok", "cart", at - 3 * MIN, 50));
  await ingest(db, lb1, haproxyLines("slow", "cart", at, 30));
  await evaluateRules(db.sql, { at: at + 30_000 });
  const [inc] = await incidentsOf("cart");
  const detail = await getIncident(db.sql, inc!.id, at + 60_000);
  assert.deepEqual(detail.checklists.slice(0, 2).map((c) => c.slug), ["roll-back", "slow-origin"]);
  assert.match(detail.checklists[0]!.reason, /deploy "cart v2.15.0" 4 min before the first bad minute/);
  assert.ok(detail.timeline.some((e) => e.kind === "deploy" && /4 min before the first bad minute/.test(e.message)));
});

test("refused connections put 'is the origin up' first", async () => {
  await backend("search");
  const at = hour(30);
  await ingest(db, lb1, haproxyLines("refused", "search", at, 30));
  await evaluateRules(db.sql, { at: at + 30_000 });
  const [inc] = await incidentsOf("search");
  assert.equal(inc?.causes[0]?.cause, "connect_refused");
  const detail = await getIncident(db.sql, inc!.id, at + 60_000);
  assert.equal(detail.checklists[0]?.slug, "origin-down");
  assert.match(detail.checklists[0]!.reason, /refused connections, so first check it is up/);
});

test("two proxies reporting the same origin make one incident; a second backend opens its own", async () => {
  await backend("api");
  await backend("media");
  const at = hour(40);
  await ingest(db, lb1, haproxyLines("slow", "api", at, 20));
  await ingest(db, lb2, haproxyLines("slow", "api", at, 20));
  await evaluateRules(db.sql, { at: at + 30_000 });
  await ingest(db, lb2, haproxyLines("err", "media", at + MIN, 20));
  await evaluateRules(db.sql, { at: at + 90_000 });
  assert.equal((await incidentsOf("api")).length, 1);
  const [media] = await incidentsOf("media");
  assert.ok(media, "media has its own incident");
  assert.equal((await getIncident(db.sql, media.id, at + 2 * MIN)).checklists[0]?.slug, "origin-errors");
});

test("recovery resolves after keepFiringFor and the auto-verified steps tick; a restart duplicates nothing", async () => {
  await backend("blog");
  const at = hour(50);
  await ingest(db, lb1, haproxyLines("slow", "blog", at, 30));
  await evaluateRules(db.sql, { at: at + 30_000 });
  // A worker restart mid-incident: the same evaluation again from a new connection.
  await db.close();
  db = await openDatabase(t.config, { purpose: "incident scenarios restart" });
  await evaluateRules(db.sql, { at: at + 30_000 });
  for (let m = 1; m <= 4; m++) await ingest(db, lb1, haproxyLines("ok", "blog", at + m * MIN, 100));
  await evaluateRules(db.sql, { at: at + 2 * MIN });
  let [inc] = await incidentsOf("blog");
  assert.equal(inc?.status, "open", "recovering: keepFiringFor (2 min) holds it");
  await evaluateRules(db.sql, { at: at + 4 * MIN });
  [inc] = await incidentsOf("blog");
  assert.equal(inc?.status, "resolved");
  assert.equal((await incidentsOf("blog")).length, 1, "one incident");
  const detail = await getIncident(db.sql, inc!.id);
  const confirm = detail.checklists.find((c) => c.slug === "slow-origin")!.steps.find((s) => s.id === "confirm")!;
  assert.equal(confirm.done, true);
  assert.equal(confirm.auto, true);
  assert.ok(detail.timeline.some((e) => e.kind === "step_verified" && e.message.startsWith("Verified by data")));
  assert.equal(detail.timeline.filter((e) => e.kind === "opened").length, 1, "the restart opened nothing twice");
  assert.equal(detail.timeline.filter((e) => e.kind === "alert" && e.data.to === "firing").length, 1);
  const resolved = detail.timeline.find((e) => e.kind === "resolved")!;
  assert.equal(resolved.data.failedRequests, 30);
});
