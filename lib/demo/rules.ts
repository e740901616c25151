// The demo's incidents come from rules, not inserted rows: after the demo day is recorded, a
// demo rule is replayed over the minutes around each scripted outage through the same late-data
// path a shipper backlog takes (lib/alerts/replay.ts), and lib/incidents opens, fills and resolves
// the incidents from the transitions that produces. They are backfilled (nobody is paged).
import type { Database } from "@/lib/db/client";
import type { SqlQueryable } from "@/lib/db/sql";
import { randomUUID } from "node:crypto";
import { loadEnabledRules } from "@/lib/alerts/load-rules";
import { replayLateMinutes } from "@/lib/alerts/replay";
import { DEMO_BACKENDS, demoIncidents, type DemoTimeline } from "@/lib/demo/scenario";
import { MINUTE_MS } from "@/lib/rollups/levels";

const DEMO_RULES = [
  { name: "Demo: 5xx over 5%", kind: "error_rate", config: { status: "5xx", above: 5, window: "5m", minRequests: 20 }, severity: "critical", keep: 120 },
];

export async function insertDemoRules(tx: SqlQueryable): Promise<string[]> {
  const ids: string[] = [];
  for (const r of DEMO_RULES) {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO alert_rules (id, name, kind, scope, config, severity, for_seconds, keep_firing_for_seconds, description, demo, updated_at)
       VALUES ($1, $2, $3, '{}', $4::jsonb, $5, 0, $6, 'Part of the demo: removed with it.', true, now())`,
      [id, r.name, r.kind, JSON.stringify(r.config), r.severity, r.keep],
    );
    ids.push(id);
  }
  return ids;
}

/** Replays the demo rules over each scripted outage (with 10 minutes either side); answers the transitions written. */
export async function evaluateDemoRules(db: Database, ruleIds: string[], timeline: DemoTimeline, nowMs: number): Promise<number> {
  const { rules } = await loadEnabledRules(db.sql, ruleIds);
  const backends = DEMO_BACKENDS.map((b) => b.name);
  let written = 0;
  for (const incident of demoIncidents(timeline)) {
    const minutes: number[] = [];
    const from = Math.floor(incident.fromMs / MINUTE_MS) * MINUTE_MS - 10 * MINUTE_MS;
    for (let m = from; m <= incident.toMs + 10 * MINUTE_MS; m += MINUTE_MS) minutes.push(m);
    for (const rule of rules) written += await replayLateMinutes(db.sql, rule, backends, minutes, nowMs, []);
  }
  return written;
}
