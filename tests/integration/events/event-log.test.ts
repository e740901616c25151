import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createEvent, updateEvent } from "@/lib/events/events";
import { EVENT_LOG_LIMIT, listEventBackends, listEventLog } from "@/lib/events/event-log";
import type { Actor } from "@/lib/auth/permissions";
import type { AppError } from "@/lib/errors/app-error";

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("event_log");
});
after(async () => {
  await t?.cleanup();
});

const day = { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z" };

test("the events page's list: newest first, filtered by type and backend, with who recorded each and the source's name", async () => {
  const prisma = t.db.prisma;
  assert.deepEqual(await listEventLog(prisma, day), { events: [], truncated: false, anyEvents: false });

  const user = await prisma.user.create({ data: { email: "dev@example.com", name: "Dana Dev", role: "editor" } });
  const token = await prisma.apiToken.create({ data: { name: "ci-pipeline", prefix: "ow_api_x", tokenHash: "h1", role: "editor" } });
  await prisma.source.create({ data: { name: "edge-nginx", kind: "nginx", tokenHash: "s1", tokenPrefix: "ow_src_x" } });
  const asUser: Actor = { kind: "user", id: user.id, email: user.email, name: user.name, role: "editor" };
  const asToken: Actor = { kind: "token", id: token.id, name: token.name, role: "editor" };

  await createEvent(prisma, asToken, { type: "deploy", title: "api v2", at: "2026-11-20T10:00:00Z", backend: "api", source: "edge-nginx" });
  await createEvent(prisma, asUser, { type: "purge", title: "purge /*", at: "2026-11-20T11:00:00Z" });
  await createEvent(prisma, { kind: "cli", id: "cli", role: "owner" }, { type: "note", title: "shop note", at: "2026-11-20T12:00:00Z", backend: "shop" });
  await prisma.event.create({ data: { type: "config", title: "demo change", at: new Date("2026-11-20T09:00:00Z"), demo: true } });

  const all = await listEventLog(prisma, day);
  assert.deepEqual(
    all.events.map((e) => [e.title, e.createdBy?.label ?? null]),
    [
      ["shop note", "the command line"],
      ["purge /*", "Dana Dev"],
      ["api v2", "ci-pipeline"],
      ["demo change", null],
    ],
  );
  assert.equal(all.events[2]!.sourceName, "edge-nginx");
  assert.equal(all.events[2]!.createdBy?.kind, "token");
  assert.deepEqual(all.events[1]!.createdBy, { kind: "user", label: "Dana Dev", email: "dev@example.com" });
  assert.equal(all.events[3]!.demo, true);

  const deploys = await listEventLog(prisma, { ...day, type: "deploy" });
  assert.deepEqual(deploys.events.map((e) => e.title), ["api v2"]);
  const forApi = await listEventLog(prisma, { ...day, backend: "api" });
  assert.deepEqual(forApi.events.map((e) => e.title), ["purge /*", "api v2", "demo change"], "global events count for every backend");

  const elsewhere = await listEventLog(prisma, { from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" });
  assert.deepEqual(elsewhere, { events: [], truncated: false, anyEvents: true });
  await assert.rejects(listEventLog(prisma, { ...day, type: "reboot" }), (e: AppError) => e.code === "bad_request" && e.fields?.[0]?.path === "type");

  assert.deepEqual(await listEventBackends(prisma), ["api", "shop"]);

  // A deleted author is still named as such rather than dropped.
  await prisma.user.delete({ where: { id: user.id } });
  const after = await listEventLog(prisma, { ...day, type: "purge" });
  assert.deepEqual(after.events[0]!.createdBy, { kind: "user", label: "a deleted user", email: null });
});

test("editing sets or clears an event's source and backend", async () => {
  const prisma = t.db.prisma;
  const editor: Actor = { kind: "token", id: "t-edit", name: "editor", role: "editor" };
  const source = await prisma.source.create({ data: { name: "edge-varnish", kind: "varnish", tokenHash: "s2", tokenPrefix: "ow_src_y" } });
  const e = await createEvent(prisma, editor, { type: "config", title: "vcl reload", at: "2026-11-19T08:00:00Z", backend: "api" });
  assert.equal((await updateEvent(prisma, editor, e.id, { source: source.id })).sourceId, source.id);
  assert.equal((await updateEvent(prisma, editor, e.id, { source: "edge-varnish" })).sourceId, source.id, "by name too");
  const cleared = await updateEvent(prisma, editor, e.id, { source: null, backend: "" });
  assert.equal(cleared.sourceId, null);
  assert.equal(cleared.backend, null, "an empty backend clears it instead of storing an empty name");
  await assert.rejects(updateEvent(prisma, editor, e.id, { source: "nope" }), (err: AppError) => err.fields?.[0]?.path === "source");
});

test("past the limit the newest events are kept and the answer says some were left out", async () => {
  const prisma = t.db.prisma;
  const base = Date.parse("2026-12-01T00:00:00Z");
  await prisma.event.createMany({
    data: Array.from({ length: EVENT_LOG_LIMIT + 2 }, (_, i) => ({ type: "note", title: `n${i}`, at: new Date(base + i * 60_000) })),
  });
  const log = await listEventLog(prisma, { from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z" });
  assert.equal(log.events.length, EVENT_LOG_LIMIT);
  assert.equal(log.truncated, true);
  assert.equal(log.events[0]!.title, `n${EVENT_LOG_LIMIT + 1}`);
});
