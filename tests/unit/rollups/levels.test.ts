// The revision triggers (migrations 20261122000000 and 20261123000100) take each level's late-write horizon as a
// literal argument; the cache's seal times are derived from LEVELS. If the two ever disagree, a
// late write would land in a bucket the cache already treats as sealed, and charts would stay stale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { LEVELS, MINUTE_MS, SEAL_MS, type Table } from "@/lib/rollups/levels";

const MIGRATIONS = join(import.meta.dirname, "../../../prisma/migrations");
const allMigrations = () =>
  readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => readFileSync(join(MIGRATIONS, d.name, "migration.sql"), "utf8"))
    .join("\n");

test("every revision trigger's argument is its level's late-write horizon", () => {
  const sql = allMigrations();
  const triggers = [...sql.matchAll(/CREATE TRIGGER "(rollup_(minute|hour|day))_revise_\w+".*ow_rollup_revise\('(\d+)'\)/g)];
  for (const level of Object.keys(LEVELS) as Table[]) {
    const args = triggers.filter((m) => m[2] === level).map((m) => Number(m[3]));
    assert.equal(args.length, 4, `${level}: insert, update, delete and truncate triggers`);
    for (const arg of args) assert.equal(arg, LEVELS[level].lateWriteMinutes, `${LEVELS[level].table}: trigger argument ${arg}`);
  }
});

test("a bucket seals only after the triggers stop counting writes to it as live", () => {
  for (const level of Object.keys(LEVELS) as Table[]) assert.ok(SEAL_MS[level] > LEVELS[level].lateWriteMinutes * MINUTE_MS, level);
});
