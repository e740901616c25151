// A small raw-SQL interface over the two drivers, for the migrator and the hot paths (bulk
// ingest upserts) where Prisma's query builder would cost too much. Same SQL on both databases.
import type { PGlite, Transaction as PGliteTx } from "@electric-sql/pglite";
import type { Pool, PoolClient } from "pg";

export interface SqlQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(sql: string): Promise<void>;
}

export interface SqlExecutor extends SqlQueryable {
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /**
   * Runs fn holding a database-wide advisory lock (PostgreSQL). The embedded database is one
   * process by construction (see embedded-lock.ts), so there it is a plain call.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  const wrap = (q: PGlite | PGliteTx): SqlQueryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    withAdvisoryLock: (_key, fn) => fn(),
  };
}

export function pgExecutor(pool: Pool): SqlExecutor {
  const wrap = (q: Pool | PoolClient): SqlQueryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(wrap(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async withAdvisoryLock(key, fn) {
      // A session-level lock held on one dedicated connection for the whole of fn.
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [key]);
        try {
          return await fn();
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
  };
}
