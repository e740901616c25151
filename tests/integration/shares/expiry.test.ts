// A share link's expiry, against a real database and a moving clock: the link works until the
// moment its expiry says, then it is the same nothing as an unknown token, for the page
// (findActiveShare) and for the API (the share actor), and its list entry says "expired".
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createShare, findActiveShare, listShares, type ShareMaker } from "@/lib/shares/links";
import type { Actor } from "@/lib/auth/permissions";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const view = { range: "1h", from: null, to: null, backend: null, source: null, cause: null };
const maker: ShareMaker = {
  resolve: async () => ({ title: "Overview", targetId: null, backend: null, view }),
  capture: async () => ({}),
};
const HOUR = 3_600_000;

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("share_expiry");
});
after(async () => {
  await t?.cleanup();
});

test("a 1h link works for its hour, then answers nothing, like an unknown token; a 'never' link keeps working", async () => {
  const made = new Date("2026-12-07T10:00:00Z");
  const hour = await createShare(t.db.prisma, owner, { target: { type: "view" }, expiresIn: "1h" }, maker, made);
  const forever = await createShare(t.db.prisma, owner, { target: { type: "view" }, expiresIn: "never" }, maker, made);

  assert.ok(await findActiveShare(t.db.prisma, hour.token, new Date(made.getTime() + HOUR - 1)));
  const later = new Date(made.getTime() + HOUR);
  assert.equal(await findActiveShare(t.db.prisma, hour.token, later), null);
  assert.equal(await findActiveShare(t.db.prisma, `ow_share_${"A".repeat(32)}`, later), null);
  assert.ok(await findActiveShare(t.db.prisma, forever.token, new Date(made.getTime() + 400 * 24 * HOUR)));

  const listed = await listShares(t.db.prisma, owner, later);
  assert.equal(listed.find((s) => s.id === hour.id)?.status, "expired");
  assert.equal(listed.find((s) => s.id === forever.id)?.status, "active");
});
