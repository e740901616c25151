// A backend's dependencies (its database and cache probes) and their trouble in one sentence, as
// the health table, the backend page and incident timelines (#8) show it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { databaseFirst, databaseTrouble, dependenciesOf, describeDependencyTrouble } from "@/lib/backends/dependencies";

const probe = (id: string, kind: string, url: string, lastResult: unknown) => ({ id, kind, config: { url }, enabled: true, lastResult });

test("lock waits and long queries on a database read as one sentence naming the host", () => {
  const deps = dependenciesOf([
    probe("p1", "postgres", "postgresql://watch:pw@orders-db:5432/shop", {
      ok: true,
      at: 1_765_000_000_000,
      signals: { lockWaits: 3, longestLockWaitSeconds: 40.2, longQueries: 0, saturated: true },
      summary: "PostgreSQL: 3 sessions waiting on a lock for 40 s (12 of 100 connections)",
    }),
    probe("p2", "http", "http://app/health", { ok: true, at: 1 }),
    probe("p3", "redis", "redis://cache:6379", { ok: true, at: 1, signals: { saturated: false } }),
  ]);
  assert.deepEqual(deps.map((d) => [d.name, d.state]), [["orders-db", "trouble"], ["cache", "ok"]]);
  assert.equal(describeDependencyTrouble(deps), "3 queries waiting on a lock for 40 s on orders-db");
  assert.equal(databaseFirst(deps), true);
});

test("down, refused credentials and cache pressure; nothing when all is fine", () => {
  const deps = dependenciesOf([
    probe("a", "mysql", "mysql://u:p@users-db:3306/", { ok: false, at: 1, errorClass: "connect_refused" }),
    probe("b", "memcached", "memcached://sessions:11211", { ok: false, at: 1, errorClass: "auth_failed" }),
    probe("c", "redis", "redis://cache:6379", { ok: true, at: 1, signals: { saturated: true }, summary: "Redis: 97 % of maxmemory used (40 clients, PING 1 ms)" }),
  ]);
  assert.equal(describeDependencyTrouble(deps), "users-db is down (connect_refused); sessions refuses the probe's credentials; cache: 97 % of maxmemory used (40 clients, PING 1 ms)");
  assert.equal(describeDependencyTrouble(dependenciesOf([probe("d", "redis", "redis://cache", null)])), null);
  assert.equal(databaseFirst(dependenciesOf([probe("e", "redis", "redis://cache", { ok: false, at: 1 })])), false);
});

test("databaseTrouble: only databases' trouble puts the database checklist first", () => {
  const lock = probe("p1", "postgres", "postgresql://u:p@orders-db/shop", { ok: true, at: 1, signals: { lockWaits: 3, longestLockWaitSeconds: 40, saturated: true } });
  const cache = probe("p2", "redis", "redis://cache:6379", { ok: false, at: 1, errorClass: "connect_refused" });
  assert.equal(databaseTrouble(dependenciesOf([lock, cache])), "3 queries waiting on a lock for 40 s on orders-db");
  assert.equal(databaseTrouble(dependenciesOf([cache])), null);
});
