// The one error mapper, fed the real error objects the database layers throw (Prisma 7 with the
// PGlite adapter or adapter-pg, and the raw SQL executors), through paths that skip the boundary
// checks: PostgreSQL's invalid-text errors are a 400, an outage is a 503 with Retry-After.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { errorResponse } from "@/lib/wire/error-response";
import { freshDatabase, usingPostgres, type TestDatabase } from "../../helpers/db";

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("errmap");
});
after(async () => {
  await t?.cleanup();
});

async function caught(f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  assert.fail("expected the database to refuse");
}

async function assertMapped(e: unknown, status: number, code: string) {
  const r = errorResponse(e, "req-1");
  const body = (await r.json()) as { error: { code: string; message: string } };
  assert.equal(r.status, status, `${(e as Error).message?.slice(0, 200)}`);
  assert.equal(body.error.code, code);
  assert.doesNotMatch(body.error.message, /0x00|UTF8|invocation/, "never the driver's words");
  return r;
}

test("a NUL reaching the database through Prisma or raw SQL is a 400, not a 500", async () => {
  const viaFind = await caught(() => t.db.prisma.backend.findUnique({ where: { id: "a\u0000b" } }));
  await assertMapped(viaFind, 400, "bad_request");
  const viaCreate = await caught(() => t.db.prisma.event.create({ data: { type: "note", title: "a\u0000b", at: new Date() } }));
  await assertMapped(viaCreate, 400, "bad_request");
  const viaSql = await caught(() => t.db.sql.query("SELECT $1::text", ["a\u0000b"]));
  await assertMapped(viaSql, 400, "bad_request");
  const badInt = await caught(() => t.db.sql.query("SELECT $1::int", ["twelve"]));
  await assertMapped(badInt, 400, "bad_request");
});

test("the unique-name conflict keeps its 409 (the driver code under it does not win)", async () => {
  await t.db.prisma.backend.create({ data: { name: "dup" } });
  const dup = await caught(() => t.db.prisma.backend.create({ data: { name: "dup" } }));
  await assertMapped(dup, 409, "conflict");
});

test("a bug is still a 500 with a generic message", async () => {
  const bug = await caught(() => t.db.sql.query("SELECT * FROM no_such_table"));
  await assertMapped(bug, 500, "internal");
});

test("errors of a database that refuses connections are a 503 with Retry-After", { skip: usingPostgres() ? false : "needs PostgreSQL: the embedded database cannot be taken away from this process" }, async () => {
  const name = new URL((t.config as { url: string }).url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await t.db.prisma.backend.findMany();
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
    for (const [label, f] of [
      ["prisma", () => t.db.prisma.backend.findMany()],
      ["prisma transaction", () => t.db.prisma.$transaction(async (tx) => tx.backend.findMany())],
      ["raw sql", () => t.db.sql.query("SELECT 1")],
    ] as const) {
      const r = await assertMapped(await caught(f), 503, "unavailable");
      assert.equal(r.headers.get("retry-after"), "5", label);
    }
  } finally {
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await admin.end();
  }
});
