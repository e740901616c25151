// The one module that owns the database connection. DATABASE_URL set: PostgreSQL through
// @prisma/adapter-pg. Unset: embedded PostgreSQL (PGlite) in this process, under DATA_DIR.
// Both give a Prisma client and a raw SQL executor over the same connection(s).
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseConfig, embeddedSharedBuffersMb, redactUrl, type DatabaseConfig } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { acquireEmbeddedLock } from "@/lib/db/embedded-lock";
import { createInChild, databaseExists } from "@/lib/db/embedded-create";
import { pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/sql";
import { migrate, type MigrationReport } from "@/lib/db/migrator";

export interface Database {
  mode: DatabaseConfig["mode"];
  /** Where the data is, for messages: a redacted URL or the data folder. */
  location: string;
  prisma: PrismaClient;
  sql: SqlExecutor;
  /** Bytes the embedded database's WebAssembly memory holds (it grows, and never gives memory back); null on PostgreSQL. */
  engineMemoryBytes(): number | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Who holds the embedded database, shown to a second process that tries to open it. */
  purpose: string;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  onMigrate?: (report: MigrationReport) => void;
}

const CONNECT_HINTS: Record<string, string> = {
  ECONNREFUSED: "nothing is listening there: is PostgreSQL running?",
  ENOTFOUND: "the host name does not resolve",
  ETIMEDOUT: "the connection timed out",
  EAI_AGAIN: "the host name could not be resolved right now",
  "28P01": "the password was refused",
  "28000": "the user is not allowed to connect",
  "3D000": "the database does not exist: create it first (createdb)",
};

async function openPostgres(url: string): Promise<Omit<Database, "mode">> {
  const pg = await import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  // No JIT on this application's connections: its aggregates over jsonb maps are estimated at 100
  // keys a row (jsonb_each_text), which passes the JIT cost threshold, and LLVM then spends
  // hundreds of milliseconds compiling to save a few. A startup parameter, so no read needs a
  // statement (or a transaction) of its own to turn it off; `options` in DATABASE_URL wins.
  // No parallel workers either: the dashboard answers from many small reads (the open end of a
  // range, a few hundred rows), and starting a worker process cost more than the read itself
  // (bench data: 12 ms with a worker, 4 ms without); the big cold reads were no faster with them
  // (24 h of status counts: 558 ms with two workers, 408 ms without) on a server also running Node.
  const pool = new pg.default.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    options: "-c jit=off -c max_parallel_workers_per_gather=0",
  });
  pool.on("error", () => undefined); // idle-client errors surface on the next query instead
  try {
    await pool.query("SELECT 1");
  } catch (e) {
    await pool.end().catch(() => undefined);
    const code = (e as { code?: string }).code ?? "";
    const hint = CONNECT_HINTS[code] ?? (e as Error).message;
    throw new AppError("unavailable", `cannot connect to PostgreSQL at ${redactUrl(url)}: ${hint}${code ? ` (${code})` : ""}.`, { cause: e });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    location: redactUrl(url),
    prisma,
    sql: pgExecutor(pool),
    engineMemoryBytes: () => null,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openEmbedded(dataDir: string, purpose: string): Promise<Omit<Database, "mode">> {
  const release = acquireEmbeddedLock(dataDir, purpose);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const startParams = [...PGlite.defaultStartParams, "-c", `shared_buffers=${embeddedSharedBuffersMb()}MB`];
    const pgDir = `${dataDir}/pg`;
    if (!databaseExists(pgDir)) await createInChild(pgDir, startParams);
    const db = new PGlite(pgDir, { startParams });
    await db.waitReady;
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    return {
      location: dataDir,
      prisma,
      sql: pgliteExecutor(db),
      // PGlite keeps its Emscripten module (and so the memory) in `mod`, not in its typed API.
      engineMemoryBytes: () => (db as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod?.HEAPU8?.byteLength ?? null,
      async close() {
        await prisma.$disconnect();
        await db.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

export async function openDatabase(config: DatabaseConfig, opts: OpenOptions): Promise<Database> {
  const base = config.mode === "postgres" ? await openPostgres(config.url) : await openEmbedded(config.dataDir, opts.purpose);
  const db: Database = { mode: config.mode, ...base };
  if (opts.migrate !== false) {
    try {
      const report = await migrate(db.sql);
      opts.onMigrate?.(report);
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
  }
  return db;
}

// One database per process. Kept on globalThis so Next's dev reloads do not open a second.
const holder = globalThis as typeof globalThis & { __originwatchDb?: Promise<Database> };

/** The process's database, opened (and migrated) on first use. */
export function getDatabase(purpose = "the Origin Watch server"): Promise<Database> {
  if (!holder.__originwatchDb) {
    holder.__originwatchDb = openDatabase(databaseConfig(), { purpose }).catch((e: unknown) => {
      holder.__originwatchDb = undefined; // let the next request try again
      throw e;
    });
  }
  return holder.__originwatchDb;
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const current = holder.__originwatchDb;
  holder.__originwatchDb = undefined;
  if (current) await (await current).close();
}
