// The outbox write: called inside the transaction of the incident change that causes the message
// (lib/incidents/lifecycle.ts, lib/incidents/actions.ts), so a change is never committed without
// its message, and a rolled-back change sends nothing. lib/notifications/dispatch.ts turns the rows
// into deliveries; it lives above incidents (it composes their messages), so the write sits here.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson } from "@/lib/db/text";

export type OutboxType = "incident.opened" | "incident.escalated" | "incident.acknowledged" | "incident.resolved";

export interface OutboxEntry {
  incidentId: string;
  type: OutboxType;
  ruleId?: string | null;
  value?: number | null;
  /** by, reason, failedRequests: what the message says beyond the incident row. */
  data?: Record<string, unknown>;
}

export async function enqueueNotification(tx: SqlQueryable, e: OutboxEntry): Promise<void> {
  await tx.query(`INSERT INTO notification_outbox (incident_id, type, rule_id, value, data) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    e.incidentId,
    e.type,
    e.ruleId ?? null,
    e.value ?? null,
    pgJson(e.data ?? {}),
  ]);
}
