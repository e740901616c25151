// PostgreSQL: connect (timed), statements running longer than longQuerySeconds, sessions waiting
// on a lock and the query of the session blocking the longest waiter, connections used against
// max_connections, and replication lag on a standby. Read-only: one SELECT over pg_stat_activity
// and pg_locks, which a role with only pg_monitor may read in full. Like the capacity probes the
// check is ok when the server answered; thresholds set `saturated` and the verdict in the summary.
import pg from "pg";
import { z } from "zod";
import { AuthFailedError, runServiceCheck, type ServiceReading } from "@/lib/probes/service/session";
import { SERVICE_URLS, parseServiceUrl, serviceUrlField, serviceUrlTarget } from "@/lib/probes/service/url";
import { failed } from "@/lib/probes/result";
import type { ProbeKind, ProbeSignals } from "@/lib/probes/types";
import { DatabaseThresholds, judge, type DatabaseThresholds as Thresholds } from "./database-verdict";

const { schemes: SCHEMES, port: DEFAULT_PORT } = SERVICE_URLS.postgres;

export const PostgresProbeConfig = z.object({
  url: serviceUrlField(SCHEMES, DEFAULT_PORT).describe("postgresql://USER:PASSWORD@HOST:PORT/DB; a role with pg_monitor is enough"),
  ...DatabaseThresholds,
  replicationLagSeconds: z.number("replicationLagSeconds must be a number").positive().max(86_400).default(30).describe("a standby further behind than this is saturated"),
});
export type PostgresProbeConfig = z.output<typeof PostgresProbeConfig>;

// One statement, so the numbers describe one instant. pid <> pg_backend_pid(): not ourselves.
const READING_SQL = `
SELECT
  (SELECT count(*) FROM pg_stat_activity
     WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
       AND now() - query_start > make_interval(secs => $1::float8))::int AS long_queries,
  (SELECT coalesce(extract(epoch FROM max(now() - query_start)), 0) FROM pg_stat_activity
     WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend')::float8 AS longest_query_s,
  (SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid IS NOT NULL)::int AS lock_waits,
  (SELECT coalesce(extract(epoch FROM max(now() - a.state_change)), 0) FROM pg_stat_activity a
     WHERE a.pid IN (SELECT pid FROM pg_locks WHERE NOT granted))::float8 AS longest_lock_wait_s,
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS connections,
  current_setting('max_connections')::int AS max_connections,
  pg_is_in_recovery() AS standby,
  CASE WHEN pg_is_in_recovery()
    THEN coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 END AS replication_lag_s,
  (SELECT b.pid FROM pg_stat_activity w, unnest(pg_blocking_pids(w.pid)) AS bp(pid) JOIN pg_stat_activity b ON b.pid = bp.pid
     WHERE w.wait_event_type = 'Lock' ORDER BY w.state_change LIMIT 1) AS blocking_pid,
  (SELECT left(b.query, 200) FROM pg_stat_activity w, unnest(pg_blocking_pids(w.pid)) AS bp(pid) JOIN pg_stat_activity b ON b.pid = bp.pid
     WHERE w.wait_event_type = 'Lock' ORDER BY w.state_change LIMIT 1) AS blocking_query`;

interface Row {
  long_queries: number;
  longest_query_s: number;
  lock_waits: number;
  longest_lock_wait_s: number;
  connections: number;
  max_connections: number;
  standby: boolean;
  replication_lag_s: number | null;
  blocking_pid: number | null;
  blocking_query: string | null;
}

// 28P01 invalid_password, 28000 invalid_authorization_specification (pg_hba reject, no such role).
const AUTH_CODES = new Set(["28P01", "28000"]);

export const postgresProbe: ProbeKind<PostgresProbeConfig> = {
  id: "postgres",
  configSchema: PostgresProbeConfig,
  async check(config, ctx) {
    const startedAt = ctx.now();
    const parsed = parseServiceUrl(config.url, SCHEMES, DEFAULT_PORT);
    if (!parsed.ok) return failed(startedAt, ctx.now, "invalid_config", parsed.reason);
    const url = parsed.url;
    return runServiceCheck(url, ctx, async ({ socket }) => {
      // Every field is given, so pg reads nothing from PG* variables or ~/.pgpass of this server.
      const client = new pg.Client({
        host: url.host,
        port: url.port,
        user: url.user ?? "postgres",
        password: url.password ?? "",
        database: url.database || url.user || "postgres",
        ssl: false,
        application_name: "originwatch-probe",
        statement_timeout: ctx.timeoutMs,
        // The socket is already connecting through the egress policy; pg must not connect it again.
        stream: () => Object.assign(socket, { connect: () => socket }),
      });
      client.on("error", () => undefined);
      try {
        await client.connect().catch((err: unknown) => {
          throw isAuthError(err) ? new AuthFailedError(err instanceof Error ? err.message : String(err)) : err;
        });
        const result = await client.query<Row>(READING_SQL, [config.longQuerySeconds]);
        const row = result.rows[0];
        if (!row) throw new Error("the reading query returned no row");
        return read(row, config);
      } finally {
        client.end().catch(() => undefined);
      }
    });
  },
  targets: (config) => serviceUrlTarget(config.url, SCHEMES, DEFAULT_PORT),
};

function isAuthError(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
  // pg refuses locally when the server asks for a password and none was given.
  return AUTH_CODES.has(code) || /password must be a (non-empty )?string|password authentication/i.test(err instanceof Error ? err.message : "");
}

function read(row: Row, config: PostgresProbeConfig): ServiceReading {
  const signals: ProbeSignals = {
    longQueries: row.long_queries,
    longestQuerySeconds: round(row.longest_query_s),
    lockWaits: row.lock_waits,
    longestLockWaitSeconds: round(row.longest_lock_wait_s),
    connections: row.connections,
    maxConnections: row.max_connections,
    standby: row.standby,
  };
  if (row.replication_lag_s !== null) signals.replicationLagSeconds = round(row.replication_lag_s);
  if (row.blocking_pid !== null) signals.blockingPid = row.blocking_pid;
  if (row.blocking_query !== null) signals.blockingQuery = row.blocking_query;
  const extra: string[] = [];
  const lagging = row.replication_lag_s !== null && row.replication_lag_s > config.replicationLagSeconds;
  if (lagging) extra.push(`standby ${round(row.replication_lag_s ?? 0)} s behind`);
  // The blocking statement's text stays in signals (hidden from viewers): it may quote data.
  if (row.blocking_pid !== null) extra.push(`blocked by pid ${row.blocking_pid}`);
  return judge("PostgreSQL", signals, config as Thresholds, lagging, extra);
}

const round = (n: number) => Math.round(n * 10) / 10;
