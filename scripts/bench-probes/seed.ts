// The bench database: created fresh (and migrated), seeded with N http probes spread over the
// target ports, dropped at the end.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import { initialHealthState, VARNISH_PROBE_DEFAULTS } from "@/lib/observations/health";
import { HttpProbeConfig } from "@/lib/probes/kinds/http";

export interface BenchDatabase {
  db: Database;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `ow_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ mode: "postgres", url: url.toString() }, { purpose: "the probe benchmark" });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Replaces every backend with `count` backends, each with one http probe on /t/<index>. */
export async function seedProbes(db: Database, count: number, ports: number[], intervalMs: number): Promise<void> {
  await db.sql.exec(`TRUNCATE backends, probes, probe_results, probe_rollup_minute, health_transitions CASCADE`);
  // Stored the way the API stores it: the kind schema's output, every default filled in.
  const config = HttpProbeConfig.parse({ url: "http://127.0.0.1:1/t/0" });
  const state = initialHealthState({ window: 8, threshold: 3, initial: 2 });
  await db.sql.query(
    `INSERT INTO backends (id, name, origin, updated_at)
     SELECT 'bench-b-' || i, 'bench-' || i, 'manual', now() FROM generate_series(0, $1 - 1) AS i`,
    [count],
  );
  await db.sql.query(
    `INSERT INTO probes (id, backend_id, kind, config, interval_ms, timeout_ms, "window", threshold, initial, health_state, next_run_at, updated_at)
     SELECT 'bench-p-' || i, 'bench-b-' || i, 'http',
            $2::jsonb || jsonb_build_object('url', 'http://127.0.0.1:' || ($3::int[])[1 + i % array_length($3::int[], 1)] || '/t/' || i),
            $4::int, $5::int, 8, 3, 2, $6::jsonb,
            now() + make_interval(secs => random() * $4::int / 1000.0), now()
     FROM generate_series(0, $1 - 1) AS i`,
    [count, JSON.stringify(config), ports, intervalMs, VARNISH_PROBE_DEFAULTS.timeoutMs, JSON.stringify(state)],
  );
  await db.sql.exec(`VACUUM ANALYZE backends`);
  await db.sql.exec(`VACUUM ANALYZE probes`);
}
