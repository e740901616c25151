// `npm test`'s integration stage runs this once: it makes one migrated database that each test's
// database is then copied from (tests/helpers/db.ts), and prints where it is on its last line.
// `--drop <where>` removes it again. Embedded: a folder; PostgreSQL (DATABASE_URL): a database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "@/lib/db/client";

const adminUrl = process.env.DATABASE_URL;

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

async function make(): Promise<string> {
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), "ow-template-"));
    const db = await openDatabase({ mode: "embedded", dataDir }, { purpose: "the test template" });
    await db.close();
    return dataDir;
  }
  const name = `ow_template_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ mode: "postgres", url: url.toString() }, { purpose: "the test template" });
  await db.close();
  return name;
}

async function drop(where: string): Promise<void> {
  if (!adminUrl) rmSync(where, { recursive: true, force: true });
  else if (/^ow_template_[0-9a-f]+$/.test(where)) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${where}" WITH (FORCE)`));
}

const [flag, where] = process.argv.slice(2);
if (flag === "--drop" && where) await drop(where);
else console.log(await make());
