// The migrations must build exactly the database the Prisma schema describes: tables, columns,
// types, nullability, defaults, unique constraints, indexes and foreign keys.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { expectedTables } from "../helpers/schema-model";
import { diffSchema, introspect } from "../helpers/introspect";
import { migrate, loadMigrations } from "@/lib/db/migrator";

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("drift");
});
after(async () => {
  await t?.cleanup();
});

test("a freshly migrated database matches the Prisma schema exactly", async () => {
  const differences = diffSchema(expectedTables(), await introspect(t.db.sql));
  assert.deepEqual(differences, []);
});

test("the drift check bites: a lost column, a changed default and a dropped index are reported", async () => {
  await t.db.sql.exec(`
    ALTER TABLE "users" DROP COLUMN "name";
    ALTER TABLE "probes" ALTER COLUMN "window" SET DEFAULT 5;
    DROP INDEX "probe_results_probe_id_at_idx";`);
  const differences = diffSchema(expectedTables(), await introspect(t.db.sql));
  assert.ok(differences.includes("column users.name is missing"), differences.join("\n"));
  assert.ok(differences.includes("column probes.window default is 5, schema says 8"), differences.join("\n"));
  assert.ok(differences.some((d) => d.startsWith("index probe_results.probe_results_probe_id_at_idx")), differences.join("\n"));
});

test("migrating again applies nothing and records every migration the way Prisma does", async () => {
  const report = await migrate(t.db.sql);
  assert.deepEqual(report.applied, []);
  const rows = await t.db.sql.query<{ migration_name: string; checksum: string; finished_at: unknown; applied_steps_count: number }>(
    `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  const files = loadMigrations();
  assert.deepEqual(
    rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count]),
    files.map((m) => [m.name, m.checksum, 1]),
  );
  assert.ok(rows.every((r) => r.finished_at !== null));
});
