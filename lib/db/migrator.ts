// Applies prisma/migrations/*/migration.sql without Prisma's native engine, through the app's
// own driver, and records each in _prisma_migrations exactly as Prisma does (same columns, a
// SHA-256 checksum of the file), so `prisma migrate status/deploy` agree on a machine that has
// the engine. Idempotent; one transaction per migration; an advisory lock on PostgreSQL keeps
// two instances starting together from racing.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AppError } from "@/lib/errors/app-error";
import type { SqlExecutor } from "@/lib/db/sql";
import { appRootConfig } from "@/lib/config/env";

export const MIGRATION_LOCK_KEY = 0x0_0a71_9a7e; // any fixed number; shared by every instance

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}
export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function defaultMigrationsDir(): string {
  return resolve(/*turbopackIgnore: true*/ appRootConfig(), "prisma/migrations");
}

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  if (!existsSync(dir)) throw new AppError("config", `no migrations folder at ${dir}; run from the Origin Watch folder.`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

export async function pendingMigrations(sql: SqlExecutor, migrations = loadMigrations()): Promise<Migration[]> {
  await sql.exec(CREATE_TABLE);
  const rows = await sql.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((r) => [r.migration_name, r]));
  for (const row of rows) {
    if (!row.finished_at) {
      throw new AppError(
        "config",
        `migration ${row.migration_name} was started but never finished. Inspect the database, then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${row.migration_name}') to retry.`,
      );
    }
  }
  for (const m of migrations) {
    const row = applied.get(m.name);
    if (row && row.checksum !== m.checksum) {
      throw new AppError(
        "config",
        `migration ${m.name} was modified after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${m.checksum.slice(0, 12)}… on disk). Restore the original file; put changes in a new migration.`,
      );
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

export async function migrate(sql: SqlExecutor, migrations = loadMigrations()): Promise<MigrationReport> {
  return sql.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    const pending = await pendingMigrations(sql, migrations);
    for (const m of pending) {
      try {
        await sql.transaction(async (tx) => {
          const id = randomUUID();
          await tx.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
            id,
            m.checksum,
            m.name,
          ]);
          await tx.exec(m.sql);
          await tx.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        });
      } catch (e) {
        throw new AppError("config", `migration ${m.name} failed and was rolled back: ${(e as Error).message}`, { cause: e });
      }
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
  });
}
