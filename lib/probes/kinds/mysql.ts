// MySQL and MariaDB: connect (timed), long runners from the process list (what SHOW PROCESSLIST
// shows, read from information_schema so it can be filtered), Threads_running, sessions waiting on
// a lock (InnoDB row locks from information_schema.innodb_trx, table and metadata locks from the
// process list's state) and Max_used_connections against max_connections. Read-only; a user with
// PROCESS (for other sessions' rows) is enough. Verdict as for PostgreSQL (database-verdict.ts).
import mysql from "mysql2/promise";
import { z } from "zod";
import { AuthFailedError, runServiceCheck, type ServiceReading } from "@/lib/probes/service/session";
import { SERVICE_URLS, parseServiceUrl, serviceUrlField, serviceUrlTarget } from "@/lib/probes/service/url";
import { failed } from "@/lib/probes/result";
import type { ProbeKind, ProbeSignals } from "@/lib/probes/types";
import { DatabaseThresholds, judge } from "./database-verdict";

const { schemes: SCHEMES, port: DEFAULT_PORT } = SERVICE_URLS.mysql;

export const MysqlProbeConfig = z.object({
  url: serviceUrlField(SCHEMES, DEFAULT_PORT).describe("mysql://USER:PASSWORD@HOST:PORT/DB; a user with PROCESS sees every session"),
  ...DatabaseThresholds,
});
export type MysqlProbeConfig = z.output<typeof MysqlProbeConfig>;

const PROCESSES_SQL = `
SELECT
  CAST(SUM(COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump') AND TIME >= ? AND ID <> CONNECTION_ID()) AS UNSIGNED) AS long_queries,
  CAST(COALESCE(MAX(CASE WHEN COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump') AND ID <> CONNECTION_ID() THEN TIME END), 0) AS UNSIGNED) AS longest_query_s,
  CAST(SUM(STATE LIKE 'Waiting for %lock%') AS UNSIGNED) AS table_lock_waits,
  CAST(COALESCE(MAX(CASE WHEN STATE LIKE 'Waiting for %lock%' THEN TIME END), 0) AS UNSIGNED) AS longest_table_lock_s
FROM information_schema.PROCESSLIST`;

const ROW_LOCKS_SQL = `
SELECT COUNT(*) AS row_lock_waits,
  COALESCE(MAX(TIMESTAMPDIFF(SECOND, trx_wait_started, NOW())), 0) AS longest_row_lock_s
FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'`;

const STATUS_SQL = `SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_running', 'Threads_connected', 'Max_used_connections')`;

type Row = Record<string, unknown>;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

// 1045 access denied, 1044 no access to the database, 1698 (MariaDB) unix-socket-only user.
const AUTH_ERRNOS = new Set([1044, 1045, 1698]);

export const mysqlProbe: ProbeKind<MysqlProbeConfig> = {
  id: "mysql",
  configSchema: MysqlProbeConfig,
  async check(config, ctx) {
    const startedAt = ctx.now();
    const parsed = parseServiceUrl(config.url, SCHEMES, DEFAULT_PORT);
    if (!parsed.ok) return failed(startedAt, ctx.now, "invalid_config", parsed.reason);
    const url = parsed.url;
    return runServiceCheck(url, ctx, async ({ socket }) => {
      const connection = await mysql
        .createConnection({
          host: url.host,
          port: url.port,
          user: url.user ?? "root",
          password: url.password ?? "",
          database: url.database || undefined,
          stream: socket,
          connectTimeout: Math.max(1, ctx.timeoutMs),
          connectAttributes: { program_name: "originwatch-probe" },
        })
        .catch((err: unknown) => {
          const errno = typeof err === "object" && err !== null && "errno" in err ? Number((err as { errno: unknown }).errno) : 0;
          throw AUTH_ERRNOS.has(errno) ? new AuthFailedError(err instanceof Error ? err.message : String(err)) : err;
        });
      connection.on("error", () => undefined);
      try {
        const [processes] = await connection.query<mysql.RowDataPacket[]>(PROCESSES_SQL, [config.longQuerySeconds]);
        const [rowLocks] = await connection.query<mysql.RowDataPacket[]>(ROW_LOCKS_SQL);
        const [status] = await connection.query<mysql.RowDataPacket[]>(STATUS_SQL);
        const [limits] = await connection.query<mysql.RowDataPacket[]>("SELECT @@max_connections AS max_connections, VERSION() AS version");
        return read(processes[0] ?? {}, rowLocks[0] ?? {}, status, limits[0] ?? {}, config);
      } finally {
        connection.end().catch(() => undefined);
      }
    });
  },
  targets: (config) => serviceUrlTarget(config.url, SCHEMES, DEFAULT_PORT),
};

function read(processes: Row, rowLocks: Row, status: Row[], limits: Row, config: MysqlProbeConfig): ServiceReading {
  const statusOf = (name: string) => n(status.find((r) => String(r.Variable_name).toLowerCase() === name.toLowerCase())?.Value);
  const version = String(limits.version ?? "");
  const signals: ProbeSignals = {
    longQueries: n(processes.long_queries),
    longestQuerySeconds: n(processes.longest_query_s),
    lockWaits: n(rowLocks.row_lock_waits) + n(processes.table_lock_waits),
    longestLockWaitSeconds: Math.max(n(rowLocks.longest_row_lock_s), n(processes.longest_table_lock_s)),
    threadsRunning: statusOf("Threads_running"),
    connections: statusOf("Threads_connected"),
    maxUsedConnections: statusOf("Max_used_connections"),
    maxConnections: n(limits.max_connections),
    version,
  };
  const product = /mariadb/i.test(version) ? "MariaDB" : "MySQL";
  const extra = [`${signals.threadsRunning} threads running`];
  return judge(product, signals, config, false, extra);
}
