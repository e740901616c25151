// Opening the database for one command: the same configuration as the server (lib/config/env),
// a clear message when the embedded database is held by another process, and always closed
// afterwards, which releases the embedded lock.
import { isAbsolute, relative } from "node:path";
import { databaseConfig, redactUrl, type DatabaseConfig } from "@/lib/config/env";
import { openDatabase, type Database } from "@/lib/db/client";
import { embeddedOwner } from "@/lib/db/embedded-lock";
import { AppError } from "@/lib/errors/app-error";
import { plural, type CliContext } from "@/lib/cli/command";

/** A path as people read it: `./data` when under the working folder, else absolute. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : `./${rel}`;
}

export function describeDatabase(config: DatabaseConfig): string {
  return config.mode === "postgres" ? `PostgreSQL at ${redactUrl(config.url)}` : `embedded (PGlite) in ${displayPath(config.dataDir)}`;
}

/**
 * Fails fast, before any prompt or slow start, when another live process holds the embedded
 * database. `alternative` says what to do instead: "create users in the web UI (Settings → Users)".
 */
export function assertDatabaseFree(config: DatabaseConfig, alternative: string): void {
  if (config.mode !== "embedded") return;
  const owner = embeddedOwner(config.dataDir);
  if (!owner) return;
  throw new AppError(
    "unavailable",
    `the embedded database in ${displayPath(config.dataDir)} is in use by ${owner.purpose} (pid ${owner.pid}). ` +
      `Stop it, or ${alternative}, or run both on PostgreSQL (DATABASE_URL).`,
  );
}

export interface CliOpenOptions {
  /** The command's name, shown to another process that finds the embedded database taken. */
  command: string;
  /** See assertDatabaseFree. */
  alternative: string;
  /** Apply pending migrations first (default true), noting on stderr what was applied. */
  migrate?: boolean;
}

// The database a command has open, so an interrupt (lib/cli/main.ts) can close it cleanly.
let current: Database | undefined;

/** Opens the database, runs fn, and closes the database whatever happens. */
export async function withDatabase<T>(
  ctx: CliContext,
  opts: CliOpenOptions,
  fn: (db: Database, config: DatabaseConfig) => Promise<T>,
): Promise<T> {
  const config = databaseConfig(ctx.env);
  assertDatabaseFree(config, opts.alternative);
  const db = await openDatabase(config, {
    purpose: `the command \`originwatch ${opts.command}\``,
    migrate: opts.migrate ?? true,
    onMigrate: (report) => {
      if (report.applied.length) ctx.err(`Applied ${plural(report.applied.length, "pending migration")} first: ${report.applied.join(", ")}`);
    },
  });
  current = db;
  let result: T;
  try {
    result = await fn(db, config);
  } catch (e) {
    current = undefined;
    await db.close().catch(() => undefined); // the command's error is the one to report
    throw e;
  }
  current = undefined;
  await db.close();
  return result;
}

/** Closes whatever a command has open; bounded, because it runs on Ctrl-C. */
export async function closeOpenDatabase(timeoutMs = 3000): Promise<void> {
  const db = current;
  current = undefined;
  if (!db) return;
  await Promise.race([db.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
