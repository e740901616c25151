// Incidents from alert transitions over ingested nginx lines: open/join per backend, recovery
// after keepFiringFor, recurrence, backfill, and a restart that repeats nothing.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { replayLateMinutes } from "@/lib/alerts/replay";
import { loadEnabledRules } from "@/lib/alerts/load-rules";
import type { IngestSource } from "@/lib/sources/sources";
import { ingest, lines, nginxSource, owner } from "../alerts/support";

const limits = limitsFromRetention({ minuteDays: 30 });
let t: TestDatabase;
let db: Database;
let edge: IngestSource;
let edge2: IngestSource;
before(async () => {
  t = await freshDatabase("incidents");
  db = t.db;
  edge = await nginxSource(db, "edge");
  edge2 = await nginxSource(db, "edge-2");
});
after(async () => {
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

const rule = (name: string, backend: string, extra: Record<string, unknown> = {}) =>
  createRule(db.prisma, owner, {
    name,
    kind: "error_rate",
    scope: { backend },
    config: { status: "5xx", above: 5, window: "5m", minRequests: 20 },
    for: "0s",
    keepFiringFor: "0s",
    severity: "warning",
    ...extra,
  }, limits);

interface Row { id: string; status: string; backend: string; severity: string; backfilled: boolean; previousId: string | null }
const incidents = (backend: string) =>
  db.sql.query<Row>(`SELECT id, status, backend, severity, backfilled, previous_id AS "previousId" FROM incidents WHERE backend = $1 ORDER BY opened_at`, [backend]);
const kinds = async (id: string) =>
  (await db.sql.query<{ kind: string }>(`SELECT kind FROM incident_events WHERE incident_id = $1 ORDER BY at, id`, [id])).map((r) => r.kind);

test("two rules and two proxies failing on one backend make one incident; another backend gets its own", async () => {
  await rule("api 5xx", "api");
  await rule("api 5xx critical", "api", { severity: "critical", config: { status: "5xx", above: 50, window: "5m", minRequests: 20 } });
  await rule("web 5xx", "web");
  const at = Date.now() - 10_000;
  await ingest(db, edge, lines(at - 2000, 503, 30, "api"));
  await ingest(db, edge2, lines(at - 2000, 503, 30, "api"));
  await evaluateRules(db.sql, { at });
  await ingest(db, edge, lines(at - 1000, 503, 30, "web"));
  await evaluateRules(db.sql, { at: at + 1000 });
  const api = await incidents("api");
  assert.equal(api.length, 1, "one incident for the api outage");
  assert.equal(api[0].severity, "critical", "the most severe rule in it");
  assert.equal(api[0].status, "open");
  assert.equal((await db.sql.query(`SELECT 1 FROM incident_alerts WHERE incident_id = $1`, [api[0].id])).length, 2);
  assert.equal((await incidents("web")).length, 1);
  assert.deepEqual((await kinds(api[0].id)).filter((k) => k !== "first_bad_minute"), ["opened", "alert", "alert"]);
});

test("recovery resolves after keepFiringFor; a new firing opens a linked incident", async () => {
  await rule("cart 5xx", "cart", { keepFiringFor: "2m" });
  const at = Date.now() - 20 * 60_000;
  await ingest(db, edge, lines(at - 2000, 503, 30, "cart"));
  await evaluateRules(db.sql, { at });
  await ingest(db, edge, lines(at + 1000, 200, 2000, "cart"));
  await evaluateRules(db.sql, { at: at + 60_000 });
  assert.equal((await incidents("cart"))[0].status, "open", "recovering: keepFiringFor holds it");
  await evaluateRules(db.sql, { at: at + 3 * 60_000 });
  const [first] = await incidents("cart");
  assert.equal(first.status, "resolved");
  assert.ok((await kinds(first.id)).includes("resolved"));

  await ingest(db, edge, lines(at + 10 * 60_000, 503, 40, "cart"));
  await evaluateRules(db.sql, { at: at + 10 * 60_000 + 2000 });
  const all = await incidents("cart");
  assert.equal(all.length, 2);
  assert.equal(all[1].previousId, first.id, "recurrence links the previous incident");
  const opened = await db.sql.query<{ message: string }>(`SELECT message FROM incident_events WHERE incident_id = $1 AND kind = 'opened'`, [all[1].id]);
  assert.match(opened[0].message, /recurred \d+ min after/);
});

test("a restart mid-incident duplicates nothing", async () => {
  await rule("pay 5xx", "pay");
  const at = Date.now() - 5000;
  await ingest(db, edge, lines(at - 2000, 503, 30, "pay"));
  await evaluateRules(db.sql, { at });
  await db.close();
  db = await openDatabase(t.config, { purpose: "incidents restart" });
  await evaluateRules(db.sql, { at: at + 500 });
  await evaluateRules(db.sql, { at: at + 500 });
  const pay = await incidents("pay");
  assert.equal(pay.length, 1);
  assert.equal((await kinds(pay[0].id)).filter((k) => k === "alert").length, 1);
});

test("incidents from backfilled transitions are marked so", async () => {
  const r = await rule("old 5xx", "old");
  const base = Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000;
  await ingest(db, edge, lines(base + 1000, 503, 40, "old"));
  const minutes = [base];
  for (let m = 1; m <= 8; m++) {
    await ingest(db, edge, lines(base + m * 60_000, 200, 100, "old"));
    minutes.push(base + m * 60_000);
  }
  const { rules } = await loadEnabledRules(db.sql, [r.id]);
  await replayLateMinutes(db.sql, rules[0], ["old"], minutes, Date.now(), []);
  const old = await incidents("old");
  assert.equal(old.length, 1);
  assert.equal(old[0].backfilled, true);
  assert.equal(old[0].status, "resolved", "the replay also saw it recover");
});
