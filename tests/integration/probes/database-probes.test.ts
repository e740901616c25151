// Database and cache probes against real servers on loopback: the local PostgreSQL (own role and
// table), and MariaDB, Redis and memcached started by the test on high ports in temporary folders.
// A session holding a lock and a long sleeping query must show as a lock wait and a long runner;
// wrong credentials are auth_failed, not down.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import pg from "pg";
import mysql from "mysql2/promise";
import { runProbe } from "@/lib/probes/kinds/registry";
import { assertFailure, closedPort, probeContext, startTcpOrigin } from "./support/servers";
import { startMariadb, startMemcached, startRedis, type LocalService } from "./support/services";

const PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bounded = { timeout: 90_000 };

describe("postgres probe", () => {
  const suffix = randomBytes(4).toString("hex");
  const role = `ow_probe_${suffix}`;
  const table = `ow_probe_lock_${suffix}`;
  const admin = new pg.Pool({ connectionString: PG_ADMIN, max: 4 });

  before(async () => {
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'probe-pw' IN ROLE pg_monitor`);
    await admin.query(`CREATE TABLE ${table} (id int)`);
  });
  after(async () => {
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ow-probe-test-${suffix}'`);
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  test("a held lock and a long pg_sleep show as lockWaits and longQueries", bounded, async () => {
    const holder = new pg.Client({ connectionString: PG_ADMIN, application_name: `ow-probe-test-${suffix}` });
    const waiter = new pg.Client({ connectionString: PG_ADMIN, application_name: `ow-probe-test-${suffix}` });
    const sleeper = new pg.Client({ connectionString: PG_ADMIN, application_name: `ow-probe-test-${suffix}` });
    await Promise.all([holder.connect(), waiter.connect(), sleeper.connect()]);
    try {
      await holder.query("BEGIN");
      await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const waiting = waiter.query(`SELECT count(*) FROM ${table}`).catch(() => undefined);
      const sleeping = sleeper.query("SELECT pg_sleep(30)").catch(() => undefined);
      await sleep(1_500);

      const url = `postgresql://${role}:probe-pw@127.0.0.1:5432/postgres`;
      const result = await runProbe("postgres", { url, longQuerySeconds: 1 }, probeContext(5_000));
      assert.equal(result.ok, true, result.message);
      assert.ok(Number(result.signals?.lockWaits) >= 1, JSON.stringify(result.signals));
      assert.ok(Number(result.signals?.longQueries) >= 2, JSON.stringify(result.signals)); // the waiter and the sleeper
      assert.equal(result.signals?.saturated, true);
      assert.match(String(result.signals?.blockingQuery), /LOCK TABLE/);
      assert.ok(Number(result.signals?.maxConnections) > 0);
      assert.equal(result.signals?.standby, false);
      assert.match(result.summary ?? "", /waiting on a lock/);
      assert.ok((result.phases?.connectMs ?? -1) >= 0);

      await holder.query("ROLLBACK");
      await waiting;
      await admin.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`);
      await sleeping;
      const calm = await runProbe("postgres", { url, longQuerySeconds: 1 }, probeContext(5_000));
      assert.equal(calm.ok, true, calm.message);
      assert.equal(calm.signals?.lockWaits, 0, JSON.stringify(calm.signals));
    } finally {
      await Promise.all([holder.end(), waiter.end(), sleeper.end()].map((p) => p.catch(() => undefined)));
    }
  });

  test("a role that does not exist is auth_failed; a closed port is connect_refused", bounded, async () => {
    const denied = await runProbe("postgres", { url: `postgresql://no_such_${suffix}:x@127.0.0.1:5432/postgres` }, probeContext(5_000));
    assertFailure(denied, "auth_failed");
    const port = await closedPort();
    assertFailure(await runProbe("postgres", { url: `postgresql://u:p@127.0.0.1:${port}/db` }, probeContext(2_000)), "connect_refused");
  });
});

describe("mysql probe (MariaDB)", () => {
  let server: LocalService;
  const rootUrl = () => ({ host: "127.0.0.1", port: server.port, user: "root", password: "" });
  before(async () => {
    server = await startMariadb();
    const root = await mysql.createConnection(rootUrl());
    await root.query("CREATE DATABASE shop");
    await root.query("CREATE TABLE shop.orders (id int PRIMARY KEY, n int) ENGINE=InnoDB");
    await root.query("INSERT INTO shop.orders VALUES (1, 0)");
    await root.query("CREATE USER 'probe'@'%' IDENTIFIED BY 'probe-pw'");
    await root.query("GRANT PROCESS ON *.* TO 'probe'@'%'");
    await root.end();
  }, { timeout: 60_000 });
  after(async () => server?.stop());

  test("a row lock and a long SLEEP show as lockWaits and longQueries", bounded, async () => {
    const [holder, waiter, sleeper] = await Promise.all([1, 2, 3].map(() => mysql.createConnection({ ...rootUrl(), database: "shop" })));
    try {
      await holder.query("START TRANSACTION");
      await holder.query("SELECT * FROM orders WHERE id = 1 FOR UPDATE");
      const waiting = waiter.query("UPDATE orders SET n = n + 1 WHERE id = 1").catch(() => undefined);
      const sleeping = sleeper.query("SELECT SLEEP(30)").catch(() => undefined);
      await sleep(2_100);

      const url = `mysql://probe:probe-pw@127.0.0.1:${server.port}/`;
      const result = await runProbe("mysql", { url, longQuerySeconds: 1 }, probeContext(5_000));
      assert.equal(result.ok, true, result.message);
      assert.ok(Number(result.signals?.lockWaits) >= 1, JSON.stringify(result.signals));
      assert.ok(Number(result.signals?.longQueries) >= 2, JSON.stringify(result.signals));
      assert.ok(Number(result.signals?.threadsRunning) >= 1);
      assert.ok(Number(result.signals?.maxConnections) > 0);
      assert.equal(result.signals?.saturated, true);
      assert.match(result.summary ?? "", /^MariaDB: .*waiting on a lock/);

      await holder.query("ROLLBACK");
      await waiting;
      sleeper.destroy();
      await sleeping;
    } finally {
      for (const c of [holder, waiter, sleeper]) c.destroy();
    }
  });

  test("a wrong password is auth_failed", bounded, async () => {
    const result = await runProbe("mysql", { url: `mysql://probe:wrong@127.0.0.1:${server.port}/` }, probeContext(5_000));
    assertFailure(result, "auth_failed");
  });
});

describe("redis probe", () => {
  let server: LocalService;
  before(async () => (server = await startRedis()));
  after(async () => server?.stop());

  test("PING and INFO over RESP; counters get deltas on the second run", bounded, async () => {
    const url = `redis://:redis-secret@127.0.0.1:${server.port}`;
    const first = await runProbe("redis", { url }, probeContext(3_000));
    assert.equal(first.ok, true, first.message);
    assert.ok(Number(first.signals?.connectedClients) >= 1);
    for (const key of ["blockedClients", "usedMemory", "maxMemory", "evictionsPerSecond", "rejected_connections", "pingMs"]) {
      assert.equal(typeof first.signals?.[key], "number", key);
    }
    const second = await runProbe("redis", { url }, probeContext(3_000, { previous: first.signals }));
    assert.equal(second.signals?.["rejected_connections.delta"], 0);
    assert.match(second.summary ?? "", /^Redis: /);
  });

  test("a wrong or missing password is auth_failed", bounded, async () => {
    assertFailure(await runProbe("redis", { url: `redis://:nope@127.0.0.1:${server.port}` }, probeContext(3_000)), "auth_failed");
    assertFailure(await runProbe("redis", { url: `redis://127.0.0.1:${server.port}` }, probeContext(3_000)), "auth_failed");
  });
});

describe("memcached probe", () => {
  let server: LocalService;
  before(async () => (server = await startMemcached()));
  after(async () => server?.stop());

  test("stats: connections against the limit, evictions, listen disabled", bounded, async () => {
    const result = await runProbe("memcached", { url: `memcached://127.0.0.1:${server.port}` }, probeContext(3_000));
    assert.equal(result.ok, true, result.message);
    assert.equal(result.signals?.maxConnections, 64);
    assert.ok(Number(result.signals?.connections) >= 1);
    assert.equal(typeof result.signals?.listen_disabled_num, "number");
    assert.equal(typeof result.signals?.evictions, "number");
    assert.equal(result.signals?.saturated, false);
  });

  test("a server that is not memcached is bad_response", bounded, async () => {
    const redis = await startRedis();
    try {
      assertFailure(await runProbe("memcached", { url: `memcached://127.0.0.1:${redis.port}` }, probeContext(3_000)), "bad_response");
    } finally {
      await redis.stop();
    }
  });
});

describe("every database and cache kind", () => {
  const urls = (host: string, port: number) => [
    ["postgres", `postgresql://u:p@${host}:${port}/db`],
    ["mysql", `mysql://u:p@${host}:${port}/`],
    ["redis", `redis://:p@${host}:${port}`],
    ["memcached", `memcached://${host}:${port}`],
  ] as const;

  test("a server that accepts and never answers is backend_timeout within the probe's timeout", bounded, async (t) => {
    const silent = await startTcpOrigin(() => undefined);
    t.after(() => silent.close());
    for (const [kind, url] of urls("127.0.0.1", silent.port)) {
      const started = Date.now();
      const result = await runProbe(kind, { url }, probeContext(500));
      assertFailure(result, "backend_timeout");
      assert.ok(Date.now() - started < 1_500, `${kind} took ${Date.now() - started} ms`);
    }
  });

  test("the egress policy refuses a metadata address at connect time (invalid_config), before any byte is sent", bounded, async () => {
    for (const [kind, url] of urls("169.254.169.254", 5432)) {
      assertFailure(await runProbe(kind, { url }, probeContext(1_000)), "invalid_config", /169\.254\.0\.0\/16/);
    }
  });
});
