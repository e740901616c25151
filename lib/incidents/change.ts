// The one road for every change to an incident: update its row and append its timeline entry in
// the caller's transaction. Changes worth a message also write their outbox row
// (lib/incidents/outbox.ts) in that transaction: never recorded without its message, never sent unrecorded.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson, pgText } from "@/lib/db/text";

/** Columns a change may set (snake_case, as stored); values are bound as parameters. */
export interface IncidentColumns {
  status?: "open" | "acknowledged" | "resolved";
  stage?: string | null;
  severity?: string;
  acknowledged_at?: Date;
  acknowledged_by_id?: string | null;
  resolved_at?: Date | null;
  resolved_by?: string | null;
  assignee_id?: string | null;
  summary?: string | null;
}

export interface TimelineEntryInput {
  /** Event time for data-driven entries; the clock for people's actions. */
  at: number;
  kind: string;
  message: string;
  data?: Record<string, unknown>;
  actorId?: string | null;
  actorName?: string | null;
}

const COLUMN_NAMES = new Set<keyof IncidentColumns>([
  "status", "stage", "severity", "acknowledged_at", "acknowledged_by_id", "resolved_at", "resolved_by", "assignee_id", "summary",
]);

/** Applies `set` to the incident (if anything) and records the entry. */
export async function applyIncidentChange(tx: SqlQueryable, incidentId: string, set: IncidentColumns, entry: TimelineEntryInput): Promise<void> {
  const keys = (Object.keys(set) as (keyof IncidentColumns)[]).filter((k) => COLUMN_NAMES.has(k));
  if (keys.length > 0) {
    // Column names come from the fixed list above, never from input.
    const assignments = keys.map((k, i) => `${k} = $${i + 2}`).join(", ");
    await tx.query(`UPDATE incidents SET ${assignments}, updated_at = now() WHERE id = $1`, [incidentId, ...keys.map((k) => set[k] ?? null)]);
  }
  await tx.query(
    `INSERT INTO incident_events (incident_id, at, kind, message, data, actor_id, actor_name)
     VALUES ($1, to_timestamp($2 / 1000.0), $3, $4, $5::jsonb, $6, $7)`,
    [incidentId, entry.at, entry.kind, pgText(entry.message), pgJson(entry.data ?? {}), entry.actorId ?? null, entry.actorName ?? null],
  );
}
