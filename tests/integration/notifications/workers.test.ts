// Exactly once across processes (PostgreSQL; skipped on the embedded database, which is one
// process by construction): two workers racing over the same outbox and deliveries send each
// message once; a worker SIGKILLed between the commit and the send, or holding claimed deliveries,
// leaves messages that are delivered once after restart, with the same webhook-id.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { freshDatabase, usingPostgres, type TestDatabase } from "../../helpers/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { builtInEgressPolicy } from "@/lib/net/egress";
import { createChannel } from "@/lib/notifications/channels-store";
import { dispatchDue } from "@/lib/notifications/dispatch";
import { LEASE_MS, sendDue } from "@/lib/notifications/sender";
import { fire, makeRule, owner, startReceiver, transition, type Receiver } from "./support";

const skip = !usingPostgres() && "needs PostgreSQL (DATABASE_URL)";
let t: TestDatabase;
let db: Database;
let second: Database;
let r: Receiver;
const cfg = { groupWaitMs: 0, repeatIntervalMs: 0, baseUrl: "http://localhost" };
const sender = { egress: builtInEgressPolicy, concurrency: 16 };

before(async () => {
  if (skip) return;
  t = await freshDatabase("notify_workers");
  db = t.db;
  if (t.config.mode !== "postgres") throw new Error("postgres expected");
  second = await openDatabase(t.config, { purpose: "second worker", migrate: false });
  r = await startReceiver([{ status: 200, delayMs: 20 }]);
});
after(async () => {
  await r?.close();
  await second?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

const ids = () => r.requests.map((q) => String(q.headers["webhook-id"]));

test("two workers over the same outbox send each message once", { skip }, async () => {
  const hooks = await Promise.all(
    Array.from({ length: 3 }, (_, i) => createChannel(db.prisma, owner, { name: `race ${i}`, kind: "webhook", config: { url: `${r.url}/race` } }, builtInEgressPolicy)),
  );
  const rule = await makeRule(db, "race rule", { channels: hooks.map((h) => h.id) });
  for (let i = 0; i < 40; i++) await fire(db, rule, [transition(`race-${i}`, "firing", Date.now())]);
  // The workers' clock: after every outbox row the database stamped.
  const now = Date.now() + 1000;
  const worker = async (d: Database) => {
    for (let i = 0; i < 5; i++) {
      await dispatchDue(d.sql, cfg, now);
      await sendDue(d.sql, sender, () => now);
    }
  };
  await Promise.all([worker(db), worker(second)]);
  const got = ids().filter((_, i) => r.requests[i]!.path === "/race");
  assert.equal(got.length, 120, "40 incidents x 3 channels");
  assert.equal(new Set(got).size, 120, "no message twice");
  const rows = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM notification_deliveries WHERE status = 'sent'`);
  assert.equal(Number(rows[0]!.n), 120);
});

function child(mode: "commit" | "claim", rule: { id: string; name: string }, backend: string, now: number) {
  if (t.config.mode !== "postgres") throw new Error("postgres expected");
  const out = spawnSync(process.execPath, ["--import", "tsx", "tests/integration/notifications/kill-child.ts", t.config.url, mode, rule.id, rule.name, backend, String(now)], { encoding: "utf8", timeout: 120_000 });
  assert.equal(out.signal, "SIGKILL", out.stderr);
  return out.stdout;
}

test("SIGKILL between the commit and the send: the message is delivered once after restart", { skip }, async () => {
  const hook = await createChannel(db.prisma, owner, { name: "kill hook", kind: "webhook", config: { url: `${r.url}/kill` } }, builtInEgressPolicy);
  const rule = await makeRule(db, "kill rule", { channels: [hook.id] });
  child("commit", rule, "killed-before-send", Date.now());
  const now = Date.now() + 1000;
  const outbox = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM notification_outbox o JOIN incidents i ON i.id = o.incident_id WHERE i.backend = 'killed-before-send'`);
  assert.equal(Number(outbox[0]!.n), 1, "the outbox row committed with the incident");
  await dispatchDue(db.sql, cfg, now);
  await sendDue(db.sql, sender, () => now);
  await dispatchDue(db.sql, cfg, now + 1000);
  await sendDue(db.sql, sender, () => now + 1000);
  assert.equal(r.requests.filter((q) => q.path === "/kill").length, 1);
});

test("SIGKILL holding claimed deliveries: once the lease expires they go once, with the same webhook-id", { skip }, async () => {
  const hook = await createChannel(db.prisma, owner, { name: "lease hook", kind: "webhook", config: { url: `${r.url}/lease` } }, builtInEgressPolicy);
  const rule = await makeRule(db, "lease rule", { channels: [hook.id] });
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("killed-mid-send", "firing", now)]);
  assert.match(child("claim", rule, "killed-mid-send", now), /claimed [1-9]/);
  const [row] = await db.sql.query<{ messageId: string; attempts: number }>(`SELECT message_id AS "messageId", attempts FROM notification_deliveries WHERE channel_id = $1`, [hook.id]);
  assert.equal(row!.attempts, 1);
  await sendDue(db.sql, sender, () => now + 1000);
  assert.equal(r.requests.filter((q) => q.path === "/lease").length, 0, "leased: nobody else sends it");
  await sendDue(db.sql, sender, () => now + LEASE_MS + 1);
  await sendDue(db.sql, sender, () => now + LEASE_MS + 2);
  const sent = r.requests.filter((q) => q.path === "/lease");
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.headers["webhook-id"], row!.messageId);
});
