// A fresh, migrated database per test file: embedded (a temp PGlite folder) by default, or a
// new PostgreSQL database created from DATABASE_URL (and dropped afterwards) when it is set.
// `npm test` migrates one template first (tests/helpers/make-template.ts, named by
// OW_TEST_TEMPLATE) and a migrated database starts as a copy of it: PGlite's initdb alone costs
// seconds per folder. Without the variable (one file run by hand) each database is made and
// migrated from nothing.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import type { DatabaseConfig } from "@/lib/config/env";

export interface TestDatabase {
  db: Database;
  config: DatabaseConfig;
  cleanup(): Promise<void>;
}

export const usingPostgres = () => Boolean(process.env.DATABASE_URL);

/**
 * Makes a database (not opened) and a function that removes it. Empty, unless `migrated` and a
 * template is at hand: then a copy of the migrated template, which the migrator finds up to date.
 */
export async function emptyDatabase(label = "test", opts: { migrated?: boolean } = {}): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  const template = opts.migrated ? process.env.OW_TEST_TEMPLATE : undefined;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), `ow-${label}-`));
    if (template) cpSync(join(template, "pg"), join(dataDir, "pg"), { recursive: true });
    return { config: { mode: "embedded", dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `ow_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { mode: "postgres", url: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function freshDatabase(label = "test", opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const { config, drop } = await emptyDatabase(label, { migrated: opts.migrate !== false });
  const db = await openDatabase(config, { purpose: `test ${label}`, migrate: opts.migrate });
  return {
    db,
    config,
    // The database goes even when closing fails (a test that closed it already, say).
    async cleanup() {
      try {
        await db.close();
      } finally {
        await drop();
      }
    },
  };
}
