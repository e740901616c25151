// Where an incident's messages go: the channels of the rules in it; when none of them names a
// channel, every enabled policy matching its severity and backend. Only enabled channels.
// A dispatch round routes hundreds of incidents at once, so the channels (a team has tens) are
// read once per round and the rules' channels of all its incidents in one query.
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

export interface ChannelRef {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
}

/** Every channel, in name order. */
export class ChannelDirectory {
  private constructor(private readonly byId: Map<string, ChannelRef>) {}

  static async read(q: SqlQueryable): Promise<ChannelDirectory> {
    const rows = await q.query<ChannelRef>(`SELECT id, name, kind, enabled FROM notification_channels ORDER BY name, id`);
    return new ChannelDirectory(new Map(rows.map((r) => [r.id, r])));
  }

  /** The enabled ones among `ids`, in name order; deleted ids are dropped. */
  enabled(ids: Iterable<string>): string[] {
    const wanted = new Set(ids);
    return [...this.byId.values()].filter((c) => c.enabled && wanted.has(c.id)).map((c) => c.id);
  }

  /** "ops (slack), pager (pagerduty)", for the timeline. */
  names(ids: string[]): string {
    const wanted = new Set(ids);
    return [...this.byId.values()].filter((c) => wanted.has(c.id)).map((c) => `${c.name} (${c.kind})`).join(", ");
  }
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

export interface RoutableIncident {
  id: string;
  severity: string;
  backend: string;
  ruleId: string | null;
}

/** The enabled channels of each incident, by incident id. */
export async function routeIncidents(q: SqlQueryable, incidents: RoutableIncident[], policies: PolicyRow[], channels: ChannelDirectory): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (incidents.length === 0) return out;
  const ruled = await q.query<{ incidentId: string; id: string }>(
    `SELECT DISTINCT x.incident_id AS "incidentId", c.channel_id AS id
     FROM (SELECT incident_id, rule_id FROM incident_alerts WHERE incident_id = ANY($1::text[])
           UNION SELECT u.id, u.rule FROM unnest($1::text[], $2::text[]) AS u(id, rule) WHERE u.rule IS NOT NULL) x
     JOIN alert_rule_channels c ON c.rule_id = x.rule_id`,
    [incidents.map((i) => i.id), incidents.map((i) => i.ruleId)],
  );
  const byIncident = new Map<string, string[]>();
  for (const r of ruled) byIncident.set(r.incidentId, [...(byIncident.get(r.incidentId) ?? []), r.id]);
  for (const inc of incidents) {
    const fromRules = byIncident.get(inc.id);
    const ids = fromRules ?? policies.filter((p) => policyMatches(p, inc.severity, inc.backend)).flatMap((p) => p.channelIds);
    out.set(inc.id, channels.enabled(ids));
  }
  return out;
}
