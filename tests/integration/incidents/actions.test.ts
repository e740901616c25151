// People's actions on an incident: acknowledge, comment, tick steps, stage, resolve by hand,
// the postmortem draft; viewers read only.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { acknowledgeIncident, commentOnIncident, setStep, updateIncident } from "@/lib/incidents/actions";
import { getIncident, listIncidents } from "@/lib/incidents/read";
import { postmortemMarkdown } from "@/lib/incidents/postmortem";
import { ingest, owner } from "../alerts/support";
import { haproxyLines, haproxySource } from "./support";

let t: TestDatabase;
let db: Database;
let id: string;
const editor: Actor = { kind: "user", id: "u-editor", email: "ed@example.test", name: "Ed", role: "editor" };
const viewer: Actor = { kind: "user", id: "u-viewer", email: "vi@example.test", name: "Vi", role: "viewer" };

before(async () => {
  t = await freshDatabase("incident_actions");
  db = t.db;
  const lb = await haproxySource(db, "lb");
  await createRule(db.prisma, owner, {
    name: "5xx", kind: "error_rate", scope: {}, config: { status: "5xx", above: 20, window: "5m", minRequests: 10 }, for: "0s", keepFiringFor: "0s", severity: "warning",
  }, limitsFromRetention({ minuteDays: 30 }));
  const at = Date.now() - 30_000;
  await ingest(db, lb, haproxyLines("refused", "shop", at, 30));
  await evaluateRules(db.sql, { at });
  id = (await listIncidents(db.sql, { limit: 10 }))[0]!.id;
});
after(async () => {
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

test("viewers cannot change an incident", async () => {
  await assert.rejects(acknowledgeIncident(db.sql, viewer, id), { code: "forbidden" });
  await assert.rejects(commentOnIncident(db.sql, viewer, id, { body: "hi" }), { code: "forbidden" });
  await assert.rejects(setStep(db.sql, viewer, id, "origin-down", "process", { done: true }), { code: "forbidden" });
  await assert.rejects(updateIncident(db.sql, viewer, id, { status: "resolved" }), { code: "forbidden" });
});

test("acknowledge, comment, tick two steps, stage, resolve: each lands on the timeline with its author", async () => {
  await acknowledgeIncident(db.sql, editor, id);
  await assert.rejects(acknowledgeIncident(db.sql, editor, id), { code: "conflict" });
  await commentOnIncident(db.sql, editor, id, { body: "php-fpm was stopped by the deploy" });
  await setStep(db.sql, editor, id, "origin-down", "process", { done: true, note: "restarted php-fpm" });
  await setStep(db.sql, editor, id, "origin-down", "proxy-view", { done: true });
  await assert.rejects(setStep(db.sql, editor, id, "origin-down", "nope", { done: true }), { code: "not_found" });
  await assert.rejects(updateIncident(db.sql, editor, id, { stage: "fixing" }), { code: "bad_request" });
  await updateIncident(db.sql, editor, id, { stage: "monitoring", summary: "The origin process was down." });
  await updateIncident(db.sql, editor, id, { status: "resolved" });
  const d = await getIncident(db.sql, id);
  assert.equal(d.status, "resolved");
  assert.equal(d.stage, "monitoring");
  assert.ok(d.acknowledgedAt);
  const step = d.checklists.find((c) => c.slug === "origin-down")!.steps.find((s) => s.id === "process")!;
  assert.deepEqual([step.done, step.doneBy, step.auto], [true, "Ed", false]);
  const mine = d.timeline.filter((e) => e.data.by === "Ed").map((e) => e.kind);
  assert.deepEqual(mine, ["acknowledged", "comment", "step", "step", "stage", "summary", "resolved"]);
  const md = postmortemMarkdown(d);
  assert.match(md, /^# Postmortem: shop/);
  assert.match(md, /The origin process was down\./);
  assert.match(md, /Requests failed \(5xx\): 30/);
  assert.match(md, /`connect_refused`: 30 \(100 % of 5xx\)/);
  assert.match(md, /Check that the origin process runs and listens \(Is the origin process up\?\): by Ed/);
  assert.match(md, /\| php-fpm was stopped by the deploy \| Ed \|/);
});
