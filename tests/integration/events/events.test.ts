import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createEvent, deleteEvent, listEvents, updateEvent } from "@/lib/events/events";
import type { Actor } from "@/lib/auth/permissions";
import type { AppError } from "@/lib/errors/app-error";

const editor: Actor = { kind: "token", id: "t1", name: "deploy-bot", role: "editor" };
const viewer: Actor = { kind: "token", id: "t2", name: "reader", role: "viewer" };
let t: TestDatabase;
before(async () => {
  t = await freshDatabase("events");
});
after(async () => {
  await t?.cleanup();
});

test("deploy markers: created by editors, listed by range and backend, edited and removed", async () => {
  const prisma = t.db.prisma;
  const deploy = await createEvent(prisma, editor, { type: "deploy", title: "api v2.3.1", at: "2026-11-20T10:00:00Z", backend: "api" });
  assert.equal(deploy.at, "2026-11-20T10:00:00.000Z");
  await createEvent(prisma, editor, { type: "purge", title: "purge /*", at: Date.parse("2026-11-20T11:00:00Z") });
  await createEvent(prisma, editor, { type: "note", title: "other backend", at: "2026-11-20T10:30:00Z", backend: "shop" });
  const all = await listEvents(prisma, { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" });
  assert.deepEqual(all.map((e) => e.title), ["api v2.3.1", "other backend", "purge /*"]);
  const forApi = await listEvents(prisma, { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z", backend: "api" });
  assert.deepEqual(forApi.map((e) => e.title), ["api v2.3.1", "purge /*"], "global events show on every backend");

  await assert.rejects(createEvent(prisma, viewer, { type: "deploy", title: "x" }), (e: AppError) => e.code === "forbidden");
  await assert.rejects(createEvent(prisma, editor, { type: "reboot", title: "x" }), (e: AppError) => e.code === "bad_request" && e.fields?.[0]?.path === "type");
  await assert.rejects(createEvent(prisma, editor, { type: "deploy", title: "x", source: "nope" }), (e: AppError) => e.fields?.[0]?.path === "source");

  const edited = await updateEvent(prisma, editor, deploy.id, { title: "api v2.3.2" });
  assert.equal(edited.title, "api v2.3.2");
  await deleteEvent(prisma, editor, deploy.id);
  assert.equal((await listEvents(prisma, { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z", backend: "api" })).length, 1);
  assert.equal(await prisma.auditLog.count({ where: { targetType: "event" } }), 5);
});
