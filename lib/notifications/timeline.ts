// Notification entries on incident timelines, in batches (a dispatch or a send round may touch
// hundreds of incidents). Incidents deleted in the meantime are skipped, not an error.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson, pgText } from "@/lib/db/text";

export interface NotificationEntry {
  incidentId: string;
  at: number;
  kind: "notification" | "notification_failed" | "notification_suppressed";
  message: string;
  data: Record<string, unknown>;
}

export async function addTimelineEntries(tx: SqlQueryable, entries: NotificationEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO incident_events (incident_id, at, kind, message, data)
     SELECT u.id, to_timestamp(u.at / 1000.0), u.kind, u.message, u.data::jsonb
     FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::text[]) AS u(id, at, kind, message, data)
     WHERE EXISTS (SELECT 1 FROM incidents i WHERE i.id = u.id)`,
    [entries.map((e) => e.incidentId), entries.map((e) => e.at), entries.map((e) => e.kind), entries.map((e) => pgText(e.message)), entries.map((e) => pgJson(e.data))],
  );
}
