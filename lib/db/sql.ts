// A small raw-SQL interface over the two drivers, for the migrator and the hot paths (bulk
// ingest upserts) where Prisma's query builder would cost too much. Same SQL on both databases.
import type { PGlite, Transaction as PGliteTx } from "@electric-sql/pglite";
import type { Pool, PoolClient } from "pg";

export interface SqlQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(sql: string): Promise<void>;
  /**
   * Inside a transaction: runs fn once the transaction has committed (never after a rollback).
   * Outside one, every statement commits on its own, so fn runs at once.
   */
  afterCommit(fn: () => void): void;
  /**
   * PostgreSQL only: pg_notify on a channel. Inside a transaction the notification is delivered
   * when (and only if) it commits. Absent on the embedded database (one process: nobody to tell).
   */
  notify?(channel: string, payload: string): Promise<void>;
}

/** Stops listening. */
export type Unlisten = () => Promise<void>;

/** A transaction's queryable plus the callbacks to run once it commits. */
function withCommitHooks(q: Omit<SqlQueryable, "afterCommit">): { tx: SqlQueryable; committed(): void } {
  const hooks: (() => void)[] = [];
  return {
    tx: { ...q, afterCommit: (fn) => hooks.push(fn) },
    committed() {
      // A failing hook must not turn a committed transaction into an error for its caller.
      for (const fn of hooks) {
        try {
          fn();
        } catch {
          /* hooks report their own failures */
        }
      }
    },
  };
}

const runNow = (fn: () => void) => fn();

export interface SqlExecutor extends SqlQueryable {
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /**
   * Runs fn holding a database-wide advisory lock (PostgreSQL). The embedded database is one
   * process by construction (see embedded-lock.ts), so there it is a plain call.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: LISTENs on a channel on a connection of its own, reconnecting after a
   * failure (notifications sent while it was away are lost: callers keep a periodic fallback).
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<Unlisten>;
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  const wrap = (q: PGlite | PGliteTx): Omit<SqlQueryable, "afterCommit"> => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    ...wrap(db),
    afterCommit: runNow,
    async transaction(fn) {
      let committed = () => undefined as void;
      const out = await db.transaction((tx) => {
        const hooked = withCommitHooks(wrap(tx));
        committed = hooked.committed;
        return fn(hooked.tx);
      });
      committed();
      return out;
    },
    withAdvisoryLock: (_key, fn) => fn(),
  };
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** A LISTEN on one pooled connection kept out of the pool, re-established a second after it fails. */
async function listenOn(pool: Pool, channel: string, onPayload: (payload: string) => void): Promise<Unlisten> {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let stopped = false;
  let client: PoolClient | undefined;
  let retry: NodeJS.Timeout | undefined;
  const reconnectSoon = () => {
    if (!stopped) retry = setTimeout(() => void connect().catch(reconnectSoon), 1000).unref();
  };
  const connect = async (): Promise<void> => {
    const c = await pool.connect();
    const fail = (error?: Error) => {
      if (client !== c) return;
      client = undefined;
      c.release(error ?? true);
      reconnectSoon();
    };
    c.on("notification", (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    c.on("error", fail);
    c.on("end", () => fail());
    client = c;
    try {
      await c.query(`LISTEN ${channel}`);
    } catch (error) {
      client = undefined;
      c.release(error as Error);
      throw error;
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = undefined;
    if (c) {
      // Destroyed, not returned: its handlers must not follow it back into the pool.
      c.release(true);
    }
  };
}

export function pgExecutor(pool: Pool): SqlExecutor {
  const wrap = (q: Pool | PoolClient): Omit<SqlQueryable, "afterCommit"> => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
    async notify(channel: string, payload: string) {
      await q.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
  });
  return {
    ...wrap(pool),
    afterCommit: runNow,
    async transaction(fn) {
      const client = await pool.connect();
      let released = false;
      try {
        await client.query("BEGIN");
        const hooked = withCommitHooks(wrap(client));
        const out = await fn(hooked.tx);
        await client.query("COMMIT");
        client.release();
        released = true;
        hooked.committed();
        return out;
      } catch (e) {
        if (!released) await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        if (!released) client.release();
      }
    },
    listen: (channel, onPayload) => listenOn(pool, channel, onPayload),
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
