// Removes the demo day, and only it, in one transaction. What hangs off the demo rows:
// - sources (demo): rollup_minute, rollup_hour, rollup_day and error_samples name them by source_id without a
//   foreign key, so they are deleted by hand; parse_errors, ingest_batches and ingest_join_state
//   cascade.
// - backends (demo): probes cascade, and with them probe_results, health_transitions and
//   probe_rollup_minute. Rollups name backends by name, not id: another source's rows about the
//   same name stay, and that name is discovered again below, as ingest would.
// - events, incidents and alert rules (demo): incident_events, incident_alerts, incident_steps,
//   alert_instances and alert_transitions cascade; deliveries and
//   alert instances point at incidents without a key and are cleared by hand.
// Rows a person made stay, even when they mention a demo backend (a deploy marker on "api"); a
// demo backend a person edited, probed or imported over is theirs (demo = false) and stays too.
import type { Database } from "@/lib/db/client";
import type { SqlQueryable } from "@/lib/db/sql";
import { recordAuditSql } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/permissions";
import type { DemoRemoved } from "@/lib/demo/schemas";
import { DEMO_LOCK_KEY, assertMayManageDemo } from "@/lib/demo/load";

const DEMO_SOURCE_IDS = "SELECT id FROM sources WHERE demo";
const DEMO_INCIDENT_IDS = "SELECT id FROM incidents WHERE demo";

async function count(tx: SqlQueryable, sql: string): Promise<number> {
  const rows = await tx.query<{ n: number }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`);
  return rows[0]?.n ?? 0;
}

export async function removeDemo(db: Database, actor: Actor): Promise<DemoRemoved> {
  assertMayManageDemo(actor);
  return db.sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [DEMO_LOCK_KEY]);
    const minutes = await count(tx, `DELETE FROM rollup_minute WHERE source_id IN (${DEMO_SOURCE_IDS})`);
    const hours = await count(tx, `DELETE FROM rollup_hour WHERE source_id IN (${DEMO_SOURCE_IDS})`);
    await tx.query(`DELETE FROM rollup_day WHERE source_id IN (${DEMO_SOURCE_IDS})`);
    const samples = await count(tx, `DELETE FROM error_samples WHERE source_id IN (${DEMO_SOURCE_IDS})`);
    // Events a person recorded against a demo source stay, without the source (no foreign key).
    await tx.query(`UPDATE events SET source_id = NULL WHERE NOT demo AND source_id IN (${DEMO_SOURCE_IDS})`);
    const sources = await count(tx, "DELETE FROM sources WHERE demo");
    const [{ probes }] = await tx.query<{ probes: number }>(
      "SELECT count(*)::int AS probes FROM probes WHERE backend_id IN (SELECT id FROM backends WHERE demo)",
    );
    const backends = await count(tx, "DELETE FROM backends WHERE demo");
    // A name the remaining traffic still uses stays a known backend, as the next ingest would make it.
    await tx.query(
      `INSERT INTO backends (id, name, origin, updated_at)
       SELECT gen_random_uuid()::text, r.backend, 'discovered', now() FROM (SELECT DISTINCT backend FROM rollup_hour WHERE backend <> '') r
       ON CONFLICT (name) DO NOTHING`,
    );
    const events = await count(tx, "DELETE FROM events WHERE demo");
    await tx.query(`DELETE FROM notification_deliveries WHERE incident_id IN (${DEMO_INCIDENT_IDS})`);
    await tx.query(`UPDATE alert_instances SET incident_id = NULL WHERE incident_id IN (${DEMO_INCIDENT_IDS})`);
    const incidents = await count(tx, "DELETE FROM incidents WHERE demo");
    // The demo's rules, with their states and transitions (cascade).
    await tx.query("DELETE FROM alert_rules WHERE demo");
    const removed: DemoRemoved = { sources, backends, probes, events, incidents, rollupRows: minutes + hours, samples };
    if (sources + backends + events + incidents > 0) await recordAuditSql(tx, actor, "demo.remove", undefined, { ...removed });
    return removed;
  });
}
