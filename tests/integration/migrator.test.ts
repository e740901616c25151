import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyDatabase, usingPostgres } from "../helpers/db";
import { openDatabase, type Database } from "@/lib/db/client";
import { loadMigrations, migrate } from "@/lib/db/migrator";
import type { DatabaseConfig } from "@/lib/config/env";

const made: string[] = [];
function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ow-migrations-"));
  made.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

let config: DatabaseConfig;
let drop: () => Promise<void>;
let db: Database;
before(async () => {
  ({ config, drop } = await emptyDatabase("migrator"));
  db = await openDatabase(config, { purpose: "migrator test", migrate: false });
});
after(async () => {
  await db?.close();
  await drop?.();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test("applies pending migrations in order, each once", async () => {
  const dir = migrationsDir({
    "20260101000000_a": `CREATE TABLE "t1" ("id" INTEGER NOT NULL);`,
    "20260102000000_b": `ALTER TABLE "t1" ADD COLUMN "name" TEXT; INSERT INTO "t1" VALUES (1, 'x');`,
  });
  assert.deepEqual((await migrate(db.sql, loadMigrations(dir))).applied, ["20260101000000_a", "20260102000000_b"]);
  assert.deepEqual((await migrate(db.sql, loadMigrations(dir))).applied, []);
  assert.deepEqual(await db.sql.query(`SELECT id, name FROM "t1"`), [{ id: 1, name: "x" }]);
});

test("a migration edited after it was applied stops start-up with a message naming it", async () => {
  const dir = migrationsDir({
    "20260101000000_a": `CREATE TABLE "t1" ("id" INTEGER NOT NULL, "oops" TEXT);`,
    "20260102000000_b": `ALTER TABLE "t1" ADD COLUMN "name" TEXT; INSERT INTO "t1" VALUES (1, 'x');`,
  });
  await assert.rejects(migrate(db.sql, loadMigrations(dir)), (e: Error) => {
    assert.match(e.message, /migration 20260101000000_a was modified after it was applied/);
    return true;
  });
});

test("a failing migration is rolled back whole and not recorded", async () => {
  const dir = migrationsDir({
    "20260101000000_a": `CREATE TABLE "t1" ("id" INTEGER NOT NULL);`,
    "20260102000000_b": `ALTER TABLE "t1" ADD COLUMN "name" TEXT; INSERT INTO "t1" VALUES (1, 'x');`,
    "20260103000000_c": `CREATE TABLE "t2" ("id" INTEGER); SELECT * FROM "no_such_table";`,
  });
  await assert.rejects(migrate(db.sql, loadMigrations(dir)), /migration 20260103000000_c failed and was rolled back/);
  const t2 = await db.sql.query(`SELECT to_regclass('t2') AS t`);
  assert.deepEqual(t2, [{ t: null }]);
  const names = await db.sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY 1`);
  assert.deepEqual(names.map((r) => r.migration_name), ["20260101000000_a", "20260102000000_b"]);
});

test("two instances starting together on PostgreSQL apply each migration once", { skip: !usingPostgres() && "needs DATABASE_URL (PostgreSQL)" }, async () => {
  const fresh = await emptyDatabase("migrator_race");
  const [a, b] = await Promise.all([
    openDatabase(fresh.config, { purpose: "a", migrate: false }),
    openDatabase(fresh.config, { purpose: "b", migrate: false }),
  ]);
  try {
    const reports = await Promise.all([migrate(a.sql), migrate(b.sql)]);
    const applied = reports.flatMap((r) => r.applied).sort();
    assert.deepEqual(applied, loadMigrations().map((m) => m.name));
    const rows = await a.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    assert.equal(rows[0]!.n, loadMigrations().length);
  } finally {
    await a.close();
    await b.close();
    await fresh.drop();
  }
});
