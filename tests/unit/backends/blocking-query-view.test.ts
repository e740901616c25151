// A PostgreSQL probe's blocking statement is SQL text that may quote row data: editors and admins
// read it in the probe's signals, viewers do not (the counts stay for everyone).
import { test } from "node:test";
import assert from "node:assert/strict";
import { resultView } from "@/lib/backends/views";

const stored = {
  ok: true,
  at: 1_765_000_000_000,
  durationMs: 12,
  signals: { lockWaits: 1, longQueries: 1, blockingPid: 4242, blockingQuery: "UPDATE users SET email = 'alice@example.com' WHERE id = 7", saturated: true },
  summary: "PostgreSQL: 1 session waiting on a lock for 40 s; blocked by pid 4242 (3 of 100 connections)",
};

test("viewers do not see the blocking statement; editors and admins do", () => {
  const viewer = resultView(stored, "viewer");
  assert.equal(viewer?.signals?.blockingQuery, undefined);
  assert.equal(viewer?.signals?.lockWaits, 1);
  assert.equal(viewer?.signals?.blockingPid, 4242);
  assert.ok(!JSON.stringify(viewer).includes("alice@example.com"));
  assert.match(String(resultView(stored, "editor")?.signals?.blockingQuery), /^UPDATE users/);
  assert.match(String(resultView(stored, "admin")?.signals?.blockingQuery), /^UPDATE users/);
});
