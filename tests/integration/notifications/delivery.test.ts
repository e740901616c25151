// Notifications end to end on a real database: incidents opened through the lifecycle write the
// outbox; the dispatcher (groupWait, routing, reminders, escalation) and the sender (signing,
// retries, Retry-After, 410) deliver to local receivers. The clock is the test's.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Database } from "@/lib/db/client";
import { builtInEgressPolicy } from "@/lib/net/egress";
import { createChannel, updateChannel } from "@/lib/notifications/channels-store";
import { createPolicy } from "@/lib/notifications/policies";
import { dispatchDue, type DispatchConfig } from "@/lib/notifications/dispatch";
import { sendDue } from "@/lib/notifications/sender";
import { acknowledgeIncident } from "@/lib/incidents/actions";
import { NotificationPayload } from "@/lib/notifications/message";
import { fire, incidentOf, makeRule, owner, startReceiver, timeline, transition, verifyStandardWebhook, type Receiver } from "./support";

let t: TestDatabase;
let db: Database;
const receivers: Receiver[] = [];
before(async () => {
  t = await freshDatabase("notify");
  db = t.db;
});
after(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await t?.cleanup().catch(() => undefined);
});

const cfg: DispatchConfig = { groupWaitMs: 30_000, repeatIntervalMs: 4 * 3600_000, baseUrl: "https://watch.example.com" };
const sender = { egress: builtInEgressPolicy, concurrency: 8, random: () => 0.5 };

async function receiver(answers?: Receiver["answers"]) {
  const r = await startReceiver(answers);
  receivers.push(r);
  return r;
}

async function webhook(name: string, r: Receiver) {
  return createChannel(db.prisma, owner, { name, kind: "webhook", config: { url: `${r.url}/hook` } }, builtInEgressPolicy);
}

/** Dispatch at `now`, then send everything due at `now`. */
async function round(now: number, c: DispatchConfig = cfg) {
  const d = await dispatchDue(db.sql, c, now);
  const s = await sendDue(db.sql, sender, () => now);
  return { ...d, ...s };
}

test("an opened incident waits groupWait, then one signed message carries every rule that fired on it", async () => {
  const r = await receiver();
  const hook = await webhook("group hook", r);
  assert.match(hook.secret ?? "", /^whsec_[A-Za-z0-9+/]{43}=$/);
  const a = await makeRule(db, "api 5xx", { channels: [hook.id] });
  const b = await makeRule(db, "api latency", { channels: [hook.id], severity: "critical" });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, a, [transition("api", "firing", now)]);
  await fire(db, b, [transition("api", "firing", now + 1000)]);

  assert.deepEqual(await round(now + 5_000), { messages: 0, deliveries: 0, sent: 0, failed: 0, retrying: 0 }, "nothing before groupWait");
  assert.equal(r.requests.length, 0);
  const out = await round(now + 31_000);
  assert.equal(out.messages, 1);
  assert.equal(out.sent, 1);
  assert.equal(r.requests.length, 1, "one message for the burst");

  const req = r.requests[0]!;
  assert.equal(req.path, "/hook");
  assert.ok(verifyStandardWebhook(hook.secret!, req.headers, req.body), "the signature verifies with an independent implementation");
  assert.equal(verifyStandardWebhook("whsec_" + Buffer.alloc(32).toString("base64"), req.headers, req.body), false, "and fails with another key");
  assert.match(String(req.headers["webhook-id"]), /^msg_/);
  const payload = NotificationPayload.parse(JSON.parse(req.body));
  assert.equal(payload.type, "incident.opened");
  assert.equal(payload.incident.severity, "critical", "the second rule raised the severity before the message left");
  assert.deepEqual(payload.incident.backends, ["api"]);
  assert.equal(payload.incident.url, `https://watch.example.com/incidents/${payload.incident.id}`);
  assert.equal(payload.rule?.name, "api 5xx");
  assert.equal(payload.value, 12.5);
  assert.match(payload.text, /Backend api has been failing for/);
  assert.match(payload.text, /Incident: https:\/\/watch\.example\.com\/incidents\//);

  const kinds = (await timeline(db, payload.incident.id)).map((e) => `${e.kind}: ${e.message}`);
  assert.ok(kinds.some((k) => k.startsWith("notification: incident.opened: notifying group hook (webhook)")), kinds.join("\n"));
  assert.ok(kinds.some((k) => k === "notification: incident.opened delivered to group hook (webhook)"), kinds.join("\n"));
  const ch = await db.prisma.notificationChannel.findUniqueOrThrow({ where: { id: hook.id } });
  assert.ok(ch.lastSuccessAt);
});

test("a receiver failing with 500 gets retries with the same webhook-id until it answers 2xx", async () => {
  const r = await receiver([{ status: 500 }, { status: 502 }, { status: 204 }]);
  const hook = await webhook("flaky hook", r);
  const rule = await makeRule(db, "shop 5xx", { channels: [hook.id] });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("shop", "firing", now)]);
  const first = await round(now + 30_000);
  assert.equal(first.retrying, 1);
  const row = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: hook.id } });
  assert.equal(row.status, "pending");
  assert.equal(row.lastStatus, 500);
  assert.equal(row.nextAttemptAt.getTime(), now + 30_000 + 5_000, "5 s (jitter fixed at the middle)");
  assert.equal((await round(now + 34_000)).sent, 0, "not before the backoff");
  assert.equal((await round(now + 35_000)).retrying, 1);
  const again = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: hook.id } });
  assert.equal(again.nextAttemptAt.getTime(), now + 35_000 + 300_000, "then 5 min");
  assert.equal((await round(now + 335_000)).sent, 1);
  assert.equal(r.requests.length, 3);
  assert.equal(new Set(r.requests.map((q) => q.headers["webhook-id"])).size, 1, "one message id across attempts");
  const ch = await db.prisma.notificationChannel.findUniqueOrThrow({ where: { id: hook.id } });
  assert.equal(ch.failingSince, null, "a success ends the failure streak");
  assert.ok(ch.lastFailureAt);
  const tl = (await timeline(db, await incidentOf(db, "shop"))).map((e) => e.message);
  assert.ok(tl.some((m) => /failed \(attempt 1 of 10\): HTTP 500.*next try in 5 s/.test(m)), tl.join("\n"));
});

test("Retry-After wins over the schedule; 410 disables a webhook channel and says why", async () => {
  const slow = await receiver([{ status: 429, headers: { "retry-after": "120" } }]);
  const gone = await receiver([{ status: 410 }]);
  const a = await webhook("rate limited", slow);
  const b = await webhook("gone", gone);
  const rule = await makeRule(db, "cart 5xx", { channels: [a.id, b.id] });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("cart", "firing", now)]);
  await round(now + 30_000);
  const limited = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: a.id } });
  assert.equal(limited.nextAttemptAt.getTime(), now + 30_000 + 120_000);
  const dead = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: b.id } });
  assert.equal(dead.status, "failed");
  const ch = await db.prisma.notificationChannel.findUniqueOrThrow({ where: { id: b.id } });
  assert.equal(ch.enabled, false);
  assert.match(ch.disabledReason ?? "", /410/);
  const tl = (await timeline(db, await incidentOf(db, "cart"))).map((e) => e.message);
  assert.ok(tl.some((m) => /to gone \(webhook\) failed: HTTP 410.*channel is now disabled/.test(m)), tl.join("\n"));
});

test("silenced and backfilled openings send nothing; the timeline names the silence", async () => {
  const r = await receiver();
  const hook = await webhook("quiet hook", r);
  const rule = await makeRule(db, "search 5xx", { channels: [hook.id] });
  const silence = await db.prisma.silence.create({ data: { kind: "once", comment: "planned maintenance", authorName: "test", matchers: {} } });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("search", "firing", now, { silenced: true, silenceId: silence.id })]);
  await fire(db, rule, [transition("late", "firing", now - 3600_000, { backfilled: true })]);
  await round(now + 60_000);
  assert.equal(r.requests.length, 0);
  const tl = await timeline(db, await incidentOf(db, "search"));
  assert.ok(tl.some((e) => e.kind === "notification_suppressed" && e.message === `incident.opened suppressed by silence "planned maintenance" (${silence.id})`), JSON.stringify(tl));
  // Acknowledging a silenced incident sends nothing either: nothing was ever sent for it.
  await acknowledgeIncident(db.sql, owner, await incidentOf(db, "search"), now + 61_000);
  await round(now + 62_000);
  assert.equal(r.requests.length, 0);
});

test("an incident resolved within groupWait sends nothing at all", async () => {
  const r = await receiver();
  const hook = await webhook("blip hook", r);
  const rule = await makeRule(db, "blip 5xx", { channels: [hook.id] });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("blip", "firing", now), transition("blip", "normal", now + 10_000)]);
  await round(now + 40_000);
  assert.equal(r.requests.length, 0);
  const tl = await timeline(db, await incidentOf(db, "blip"));
  assert.ok(tl.some((e) => e.message.startsWith("Resolved within the group wait")), JSON.stringify(tl));
});

test("policies route by severity; unacknowledged incidents escalate and get reminders; acknowledgement and resolution follow", async () => {
  const slack = await receiver();
  const pager = await receiver();
  const boss = await receiver();
  const s = await webhook("slack-ish", slack);
  const p = await webhook("pager-ish", pager);
  const e = await webhook("boss", boss);
  await createPolicy(db.prisma, owner, { name: "warnings", severities: ["warning"], backends: ["pay"], channels: [s.id] });
  await createPolicy(db.prisma, owner, { name: "critical", severities: ["critical"], backends: ["pay"], channels: [p.id, s.id], escalateAfterMinutes: 15, escalateTo: [e.id] });
  const rule = await makeRule(db, "pay 5xx", { severity: "critical" });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("pay", "firing", now)]);
  const c: DispatchConfig = { ...cfg, repeatIntervalMs: 3600_000 };
  await round(now + 30_000, c);
  assert.equal(slack.requests.length, 1);
  assert.equal(pager.requests.length, 1);
  assert.equal(boss.requests.length, 0);

  await round(now + 30_000 + 14 * 60_000, c);
  assert.equal(boss.requests.length, 0, "not before 15 min");
  await round(now + 30_000 + 15 * 60_000, c);
  assert.equal(boss.requests.length, 1, "escalated after 15 min");
  const esc = NotificationPayload.parse(JSON.parse(boss.requests[0]!.body));
  assert.equal(esc.type, "incident.escalated");
  assert.match(esc.text, /not acknowledged within 15 min/);

  await round(now + 30_000 + 75 * 60_000, c);
  const reminders = (rs: Receiver) => rs.requests.filter((q) => JSON.parse(q.body).type === "incident.reminder").length;
  assert.equal(reminders(slack), 1, "an hour after the last message");
  assert.equal(reminders(boss), 1, "escalation channels join the reminders");

  const id = await incidentOf(db, "pay");
  await acknowledgeIncident(db.sql, { kind: "user", id: "u1", email: "ana@example.com", name: "Ana", role: "editor" }, id, now + 80 * 60_000);
  await round(now + 80 * 60_000, c);
  const ack = slack.requests.map((q) => NotificationPayload.parse(JSON.parse(q.body))).find((m) => m.type === "incident.acknowledged");
  assert.ok(ack);
  assert.equal(ack.title.startsWith("Acknowledged by Ana"), true, ack.title);
  await round(now + 300 * 60_000, c);
  assert.equal(reminders(slack), 1, "no reminders once acknowledged");

  await fire(db, rule, [transition("pay", "normal", now + 301 * 60_000)]);
  await round(now + 302 * 60_000, c);
  const resolved = pager.requests.map((q) => NotificationPayload.parse(JSON.parse(q.body))).find((m) => m.type === "incident.resolved");
  assert.ok(resolved);
  assert.match(resolved.text, /back to normal after/);
  assert.match(resolved.text, /Impact: \d+ requests failed/);
  assert.equal(resolved.incident.durationMs, 301 * 60_000);
});

test("a rotated secret keeps the old one signing for 24 h: both signatures verify", async () => {
  const r = await receiver();
  const hook = await webhook("rotating", r);
  const rotated = await updateChannel(db.prisma, owner, hook.id, { rotateSecret: true }, builtInEgressPolicy);
  assert.ok(rotated.secret && rotated.secret !== hook.secret);
  assert.ok(rotated.previousSecretUntil);
  const rule = await makeRule(db, "rot 5xx", { channels: [hook.id] });
  // The test's clock runs a second ahead of the database's, which stamps the outbox rows.
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("rot", "firing", now)]);
  await round(now + 30_000);
  const req = r.requests[0]!;
  assert.equal(String(req.headers["webhook-signature"]).split(" ").length, 2);
  const sentAt = Number(req.headers["webhook-timestamp"]);
  assert.ok(verifyStandardWebhook(hook.secret!, req.headers, req.body, sentAt), "the old secret");
  assert.ok(verifyStandardWebhook(rotated.secret, req.headers, req.body, sentAt), "the new secret");
});

test("a slow receiver holds back no other channel: a finished request's slot is refilled at once", async () => {
  const slow = await receiver([{ status: 200, delayMs: 2_000 }]);
  const fast = await receiver();
  const slowHook = await webhook("pipeline slow", slow);
  const fastHook = await webhook("pipeline fast", fast);
  const rule = await makeRule(db, "pipeline rule", { channels: [slowHook.id, fastHook.id] });
  const now = Date.now() + 1000;
  for (const b of ["pipe-1", "pipe-2", "pipe-3"]) await fire(db, rule, [transition(b, "firing", now)]);
  const d = await dispatchDue(db.sql, cfg, now + 31_000);
  assert.equal(d.deliveries, 6, "3 incidents x 2 channels");
  // Four slots for six messages: in rounds, the fourth fast message would wait for the first
  // round's slow answers (2 s); in a pipeline every fast slot is reused within milliseconds.
  const started = Date.now();
  const sent = await sendDue(db.sql, { ...sender, concurrency: 4 }, () => now + 31_000);
  assert.equal(sent.sent, 6);
  assert.equal(fast.requests.length, 3);
  assert.equal(slow.requests.length, 3);
  const lastFast = Math.max(...fast.requests.map((q) => q.at)) - started;
  assert.ok(lastFast < 1_000, `the last fast message left ${lastFast} ms after sending began, behind the slow receiver's 2 s`);
});

test("an incident acknowledged during the group wait: one batch sends the opening, then the acknowledgement, to the same channels", async () => {
  const r = await receiver();
  const hook = await webhook("same batch hook", r);
  const rule = await makeRule(db, "same batch 5xx", { channels: [hook.id] });
  const now = Date.now() + 1000;
  await fire(db, rule, [transition("same-batch", "firing", now)]);
  await acknowledgeIncident(db.sql, owner, await incidentOf(db, "same-batch"), now + 5_000);
  const d = await dispatchDue(db.sql, cfg, now + 31_000);
  assert.equal(d.deliveries, 2);
  // One slot, so the receiver sees them in the order they were written.
  await sendDue(db.sql, { ...sender, concurrency: 1 }, () => now + 31_000);
  const types = r.requests.map((q) => NotificationPayload.parse(JSON.parse(q.body)).type);
  assert.deepEqual(types, ["incident.opened", "incident.acknowledged"]);
});
