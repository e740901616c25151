// A new embedded database is created in a child process (lib/db/embedded-create.ts): the opening
// process does not keep initdb's memory (about 500 MB of WebAssembly memory and buffers when
// PGlite creates it in-process), and a start killed while creating leaves nothing half-made.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { usingPostgres } from "../helpers/db";
import { openDatabase } from "@/lib/db/client";

const skip = usingPostgres() && "the embedded database only (the PostgreSQL pass runs the same code)";
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "ow-embedded-create-"));
  dirs.push(d);
  return d;
};

test("a fresh data folder: created by a child, migrated here, and this process holds no initdb memory", { skip }, async () => {
  const dataDir = fresh();
  const db = await openDatabase({ mode: "embedded", dataDir }, { purpose: "embedded-create test" });
  try {
    assert.ok(existsSync(join(dataDir, "pg", "PG_VERSION")));
    assert.ok(!existsSync(join(dataDir, "pg.creating")), "the building folder was renamed into place");
    const rows = await db.sql.query<{ n: string }>("SELECT count(*) AS n FROM backends");
    assert.equal(Number(rows[0]!.n), 0, "migrated: the tables are there");
    const external = process.memoryUsage().external / 1048576;
    // The database's own WebAssembly memory (128 MB) and little else; in-process initdb held ~570 MB.
    assert.ok(external < 300, `external memory ${external.toFixed(0)} MB after opening a new database`);
    assert.ok((db.engineMemoryBytes() ?? 0) >= 16 * 1048576, "the embedded database reports its memory");
  } finally {
    await db.close();
  }
  const again = await openDatabase({ mode: "embedded", dataDir }, { purpose: "embedded-create test" });
  await again.close();
});

test("a half-made database left by a killed start is thrown away, not opened", { skip }, async () => {
  const dataDir = fresh();
  mkdirSync(join(dataDir, "pg.creating", "base"), { recursive: true });
  writeFileSync(join(dataDir, "pg.creating", "half-written"), "x");
  const db = await openDatabase({ mode: "embedded", dataDir }, { purpose: "embedded-create test" });
  try {
    assert.ok(!existsSync(join(dataDir, "pg.creating")));
    assert.ok(!existsSync(join(dataDir, "pg", "half-written")));
    await db.sql.query("SELECT 1");
  } finally {
    await db.close();
  }
});
