// Where an incident's messages go: the channels of the rules in it; when none of them names a
// channel, every enabled policy matching its severity and backend. Only enabled channels.
import type { SqlQueryable } from "@/lib/db/sql";

export interface PolicyRow {
  id: string;
  name: string;
  severities: string[];
  backends: string[];
  channelIds: string[];
  escalateAfterSeconds: number | null;
  escalationChannelIds: string[];
}

const matches = (list: string[], v: string) => list.length === 0 || list.includes(v);

export const policyMatches = (p: PolicyRow, severity: string, backend: string) => matches(p.severities, severity) && matches(p.backends, backend);

export async function loadPolicies(q: SqlQueryable): Promise<PolicyRow[]> {
  return q.query<PolicyRow>(
    `SELECT id, name, severities, backends, channel_ids AS "channelIds", escalate_after_seconds AS "escalateAfterSeconds",
            escalation_channel_ids AS "escalationChannelIds"
     FROM notification_policies WHERE enabled ORDER BY position, name`,
  );
}

export async function enabledChannels(q: SqlQueryable, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<{ id: string }>(`SELECT id FROM notification_channels WHERE id = ANY($1::text[]) AND enabled ORDER BY name`, [ids]);
  return rows.map((r) => r.id);
}

export async function routeIncident(q: SqlQueryable, incident: { id: string; severity: string; backend: string; ruleId: string | null }, policies: PolicyRow[]): Promise<string[]> {
  const ruled = await q.query<{ id: string }>(
    `SELECT DISTINCT c.channel_id AS id FROM alert_rule_channels c
     WHERE c.rule_id IN (SELECT rule_id FROM incident_alerts WHERE incident_id = $1 UNION SELECT $2::text WHERE $2::text IS NOT NULL)`,
    [incident.id, incident.ruleId],
  );
  if (ruled.length > 0) return enabledChannels(q, ruled.map((r) => r.id));
  const fromPolicies = new Set(policies.filter((p) => policyMatches(p, incident.severity, incident.backend)).flatMap((p) => p.channelIds));
  return enabledChannels(q, [...fromPolicies]);
}
