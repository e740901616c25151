// The dispatcher: turns due outbox rows into deliveries (one per channel), and sends reminders
// and escalations for incidents nobody acknowledged. One dispatcher at a time across instances
// (a try-lock: the others skip the round; dispatching is a few statements, sending is what runs
// in parallel), and rows claimed FOR UPDATE SKIP LOCKED, processed in the transaction that writes
// their deliveries, so each outbox row becomes deliveries exactly once.
//
// groupWait: an incident.opened row waits that long, so every rule that fires on the incident in
// the meantime is in its one message; an incident resolved within it sends nothing at all.
// Nothing is sent for an incident whose opening sent nothing (backfilled, silenced, resolved
// within groupWait, no channel): incident_notifications has no row for it.
import { randomUUID } from "node:crypto";
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { pgJson } from "@/lib/db/text";
import { formatDuration } from "@/lib/incidents/format";
import { composeMessage, loadIncidentForMessage, type ComposeExtras, type IncidentForMessage, type TemplateCache } from "@/lib/notifications/compose";
import type { MessageType, NotificationPayload } from "@/lib/notifications/message";
import { enabledChannels, loadPolicies, policyMatches, routeIncident, type PolicyRow } from "@/lib/notifications/routing";
import { addTimelineEntries, type NotificationEntry } from "@/lib/notifications/timeline";

/** Advisory lock class of the dispatcher ("OWND"). */
export const DISPATCH_LOCK_CLASS = 0x4f57_4e44;
/** Outbox rows per dispatch transaction: small enough that sending starts while later rows wait. */
const BATCH = 100;

export interface DispatchConfig {
  groupWaitMs: number;
  /** 0: no reminders. */
  repeatIntervalMs: number;
  baseUrl: string;
}

export interface DispatchReport {
  messages: number;
  deliveries: number;
}

interface OutboxRow {
  id: string;
  incidentId: string;
  type: MessageType;
  ruleId: string | null;
  value: number | null;
  data: { by?: string; reason?: string; failedRequests?: number };
  createdAt: number;
}

interface StateRow {
  channelIds: string[];
}

class Round {
  readonly entries: NotificationEntry[] = [];
  private readonly names = new Map<string, string>();
  private readonly rules = new Map<string, Promise<{ id: string; name: string } | null>>();
  readonly templates: TemplateCache = new Map();

  rule(id: string | null): Promise<{ id: string; name: string } | null> {
    if (!id) return Promise.resolve(null);
    let found = this.rules.get(id);
    if (!found) this.rules.set(id, (found = ruleRef(this.tx, id)));
    return found;
  }
  messages = 0;
  deliveries = 0;
  constructor(
    readonly tx: SqlQueryable,
    readonly cfg: DispatchConfig,
    readonly now: number,
    readonly policies: PolicyRow[],
  ) {}

  note(incidentId: string, message: string, kind: NotificationEntry["kind"] = "notification", data: Record<string, unknown> = {}) {
    this.entries.push({ incidentId, at: this.now, kind, message, data });
  }

  async channelNames(ids: string[]): Promise<string> {
    const key = ids.join(",");
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const rows = await this.tx.query<{ name: string; kind: string }>(`SELECT name, kind FROM notification_channels WHERE id = ANY($1::text[]) ORDER BY name`, [ids]);
    const text = rows.map((r) => `${r.name} (${r.kind})`).join(", ");
    this.names.set(key, text);
    return text;
  }

  /** Composes the message and writes one delivery per channel. */
  async send(inc: IncidentForMessage, type: MessageType, channelIds: string[], extras: Omit<ComposeExtras, "at">): Promise<void> {
    if (channelIds.length === 0) return;
    const payload: NotificationPayload = await composeMessage(this.tx, inc, type, { ...extras, at: this.now }, this.cfg.baseUrl, this.templates);
    await this.tx.query(
      `INSERT INTO notification_deliveries (message_id, channel_id, incident_id, rule_id, type, payload, next_attempt_at)
       SELECT u.mid, u.cid, $2, $3, $4, $5::jsonb, to_timestamp($6 / 1000.0) FROM unnest($1::text[], $7::text[]) AS u(cid, mid)`,
      [channelIds, inc.id, extras.rule?.id ?? null, type, pgJson(payload), this.now, channelIds.map(() => `msg_${randomUUID()}`)],
    );
    this.messages += 1;
    this.deliveries += channelIds.length;
    this.note(inc.id, `${type}: notifying ${await this.channelNames(channelIds)}`, "notification", { type, channels: channelIds });
  }
}

async function ruleRef(tx: SqlQueryable, id: string | null): Promise<{ id: string; name: string } | null> {
  if (!id) return null;
  const rows = await tx.query<{ id: string; name: string }>(`SELECT id, name FROM alert_rules WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

async function stateOf(tx: SqlQueryable, incidentId: string): Promise<StateRow | null> {
  const rows = await tx.query<StateRow>(`SELECT channel_ids AS "channelIds" FROM incident_notifications WHERE incident_id = $1`, [incidentId]);
  return rows[0] ?? null;
}

async function handleOpened(r: Round, row: OutboxRow, inc: IncidentForMessage): Promise<void> {
  if (inc.backfilled) return;
  if (inc.status === "resolved") {
    return r.note(inc.id, `Resolved within the group wait (${formatDuration(r.cfg.groupWaitMs)}): no message sent`, "notification_suppressed");
  }
  const channels = await routeIncident(r.tx, inc, r.policies);
  if (channels.length === 0) return r.note(inc.id, "No channel routes this incident (no rule channel, no matching policy): nothing sent", "notification_suppressed");
  await r.send(inc, "incident.opened", channels, { rule: await r.rule(row.ruleId ?? inc.ruleId), value: row.value });
  await r.tx.query(
    `INSERT INTO incident_notifications (incident_id, channel_ids, first_sent_at, last_sent_at) VALUES ($1, $2, to_timestamp($3 / 1000.0), to_timestamp($3 / 1000.0))
     ON CONFLICT (incident_id) DO NOTHING`,
    [inc.id, channels, r.now],
  );
}

async function handleFollowUp(r: Round, row: OutboxRow, inc: IncidentForMessage): Promise<void> {
  const state = await stateOf(r.tx, inc.id);
  if (!state) return;
  let channels = state.channelIds;
  if (row.type === "incident.escalated") {
    // The severity went up: channels the new severity routes to join in.
    const routed = await routeIncident(r.tx, inc, r.policies);
    channels = [...new Set([...channels, ...routed])];
    await r.tx.query(`UPDATE incident_notifications SET channel_ids = $2, last_sent_at = to_timestamp($3 / 1000.0) WHERE incident_id = $1`, [inc.id, channels, r.now]);
  }
  await r.send(inc, row.type, await enabledChannels(r.tx, channels), {
    rule: await r.rule(row.ruleId),
    value: row.value,
    by: row.data.by ?? null,
    reason: row.data.reason ?? null,
    failedRequests: row.data.failedRequests ?? null,
  });
}

async function processOutbox(r: Round): Promise<number> {
  const rows = await r.tx.query<OutboxRow>(
    `SELECT id, incident_id AS "incidentId", type, rule_id AS "ruleId", value, data, extract(epoch FROM created_at) * 1000 AS "createdAt"
     FROM notification_outbox WHERE processed_at IS NULL AND (type <> 'incident.opened' OR created_at <= to_timestamp($1 / 1000.0))
     ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [r.now - r.cfg.groupWaitMs, BATCH],
  );
  for (const row of rows) {
    const inc = await loadIncidentForMessage(r.tx, row.incidentId);
    if (!inc) continue;
    if (row.type === "incident.opened") await handleOpened(r, row, inc);
    else await handleFollowUp(r, { ...row, value: row.value === null ? null : Number(row.value) }, inc);
  }
  if (rows.length > 0) await r.tx.query(`UPDATE notification_outbox SET processed_at = to_timestamp($2 / 1000.0) WHERE id = ANY($1::bigint[])`, [rows.map((x) => x.id), r.now]);
  return rows.length;
}

/** Unacknowledged incidents whose last message is repeatInterval old get a reminder. */
async function sendReminders(r: Round): Promise<void> {
  if (r.cfg.repeatIntervalMs <= 0) return;
  const due = await r.tx.query<{ id: string; channelIds: string[] }>(
    `SELECT n.incident_id AS id, n.channel_ids AS "channelIds" FROM incident_notifications n JOIN incidents i ON i.id = n.incident_id
     WHERE i.status = 'open' AND n.last_sent_at <= to_timestamp($1 / 1000.0) ORDER BY n.last_sent_at LIMIT $2 FOR UPDATE OF n SKIP LOCKED`,
    [r.now - r.cfg.repeatIntervalMs, BATCH],
  );
  for (const d of due) {
    const inc = await loadIncidentForMessage(r.tx, d.id);
    if (!inc) continue;
    await r.send(inc, "incident.reminder", await enabledChannels(r.tx, d.channelIds), { rule: await r.rule(inc.ruleId) });
    await r.tx.query(`UPDATE incident_notifications SET last_sent_at = to_timestamp($2 / 1000.0) WHERE incident_id = $1`, [d.id, r.now]);
  }
}

/** Not acknowledged within a matching policy's escalateAfter: that policy's escalation channels get the incident. */
async function sendEscalations(r: Round): Promise<void> {
  const escalating = r.policies.filter((p) => p.escalateAfterSeconds !== null && p.escalationChannelIds.length > 0);
  if (escalating.length === 0) return;
  const shortest = Math.min(...escalating.map((p) => p.escalateAfterSeconds!)) * 1000;
  const due = await r.tx.query<{ id: string; channelIds: string[]; firstSentAt: number }>(
    `SELECT n.incident_id AS id, n.channel_ids AS "channelIds", extract(epoch FROM n.first_sent_at) * 1000 AS "firstSentAt"
     FROM incident_notifications n JOIN incidents i ON i.id = n.incident_id
     WHERE i.status = 'open' AND n.escalated_at IS NULL AND n.first_sent_at <= to_timestamp($1 / 1000.0) LIMIT $2 FOR UPDATE OF n SKIP LOCKED`,
    [r.now - shortest, BATCH],
  );
  for (const d of due) {
    const inc = await loadIncidentForMessage(r.tx, d.id);
    if (!inc) continue;
    const policies = escalating.filter((p) => policyMatches(p, inc.severity, inc.backend) && Number(d.firstSentAt) + p.escalateAfterSeconds! * 1000 <= r.now);
    if (policies.length === 0) continue;
    const targets = await enabledChannels(r.tx, [...new Set(policies.flatMap((p) => p.escalationChannelIds))]);
    const after = formatDuration(Math.min(...policies.map((p) => p.escalateAfterSeconds!)) * 1000);
    await r.send(inc, "incident.escalated", targets, { rule: await r.rule(inc.ruleId), reason: `not acknowledged within ${after}` });
    await r.tx.query(
      `UPDATE incident_notifications SET escalated_at = to_timestamp($3 / 1000.0), last_sent_at = to_timestamp($3 / 1000.0),
         channel_ids = ARRAY(SELECT DISTINCT unnest(channel_ids || $2::text[])) WHERE incident_id = $1`,
      [d.id, targets, r.now],
    );
  }
}

/** One dispatch round; a round another instance is running is skipped (reported as zero). */
export async function dispatchDue(sql: SqlExecutor, cfg: DispatchConfig, now = Date.now()): Promise<DispatchReport> {
  return sql.transaction(async (tx) => {
    const lock = await tx.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1::int, 0) AS ok", [DISPATCH_LOCK_CLASS]);
    if (!lock[0]?.ok) return { messages: 0, deliveries: 0 };
    const r = new Round(tx, cfg, now, await loadPolicies(tx));
    await processOutbox(r);
    await sendEscalations(r);
    await sendReminders(r);
    await addTimelineEntries(tx, r.entries);
    return { messages: r.messages, deliveries: r.deliveries };
  });
}
