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
import { composeMessage, loadIncidentsForMessage, readMessageFacts, type ComposeExtras, type IncidentForMessage, type MessageFacts } from "@/lib/notifications/compose";
import type { MessageType } from "@/lib/notifications/message";
import { ChannelDirectory, loadPolicies, policyMatches, routeIncidents, type PolicyRow } from "@/lib/notifications/routing";
import { addTimelineEntries, type NotificationEntry } from "@/lib/notifications/timeline";

/** Advisory lock class of the dispatcher ("OWND"). */
export const DISPATCH_LOCK_CLASS = 0x4f57_4e44;
/**
 * Outbox rows per dispatch transaction. A batch is read, routed and written in a fixed number of
 * statements whatever its size; this bounds the transaction so sending starts while later rows wait.
 */
const BATCH = 250;

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

/** One message, to be written as one delivery per channel. */
interface Message {
  incidentId: string;
  ruleId: string | null;
  type: MessageType;
  payload: string;
  channelIds: string[];
  messageIds: string[];
}

class Round {
  readonly entries: NotificationEntry[] = [];
  private readonly rules = new Map<string, Promise<{ id: string; name: string } | null>>();
  /** Written once per round (one INSERT), before it commits: nothing in a round reads them. */
  private readonly queued: Message[] = [];
  /** incident_notifications rows of incidents opened in this round, written before anything reads that table. */
  private readonly opened: { incidentId: string; channelIds: string[] }[] = [];

  constructor(
    readonly tx: SqlQueryable,
    readonly cfg: DispatchConfig,
    readonly now: number,
    readonly policies: PolicyRow[],
    readonly channels: ChannelDirectory,
  ) {}

  get report(): DispatchReport {
    return { messages: this.queued.length, deliveries: this.queued.reduce((n, m) => n + m.channelIds.length, 0) };
  }

  rule(id: string | null): Promise<{ id: string; name: string } | null> {
    if (!id) return Promise.resolve(null);
    let found = this.rules.get(id);
    if (!found) this.rules.set(id, (found = ruleRef(this.tx, id)));
    return found;
  }

  note(incidentId: string, message: string, kind: NotificationEntry["kind"] = "notification", data: Record<string, unknown> = {}) {
    this.entries.push({ incidentId, at: this.now, kind, message, data });
  }

  /** Composes the message and queues one delivery per channel. */
  send(inc: IncidentForMessage, facts: MessageFacts, type: MessageType, channelIds: string[], extras: Omit<ComposeExtras, "at">): void {
    if (channelIds.length === 0) return;
    const payload = pgJson(composeMessage(inc, type, { ...extras, at: this.now }, this.cfg.baseUrl, facts));
    this.queued.push({ incidentId: inc.id, ruleId: extras.rule?.id ?? null, type, payload, channelIds, messageIds: channelIds.map(() => `msg_${randomUUID()}`) });
    this.note(inc.id, `${type}: notifying ${this.channels.names(channelIds)}`, "notification", { type, channels: channelIds });
  }

  markOpened(incidentId: string, channelIds: string[]): void {
    this.opened.push({ incidentId, channelIds });
  }

  async writeOpened(): Promise<void> {
    if (this.opened.length === 0) return;
    const rows = this.opened.splice(0);
    await this.tx.query(
      `INSERT INTO incident_notifications (incident_id, channel_ids, first_sent_at, last_sent_at)
       SELECT u.id, ARRAY(SELECT jsonb_array_elements_text(u.channels::jsonb)), to_timestamp($3 / 1000.0), to_timestamp($3 / 1000.0)
       FROM unnest($1::text[], $2::text[]) AS u(id, channels)
       ON CONFLICT (incident_id) DO NOTHING`,
      [rows.map((r) => r.incidentId), rows.map((r) => JSON.stringify(r.channelIds)), this.now],
    );
  }

  /** One row per (message, channel); each payload crosses the wire once, not once per channel. */
  async writeDeliveries(): Promise<void> {
    if (this.queued.length === 0) return;
    const m = this.queued;
    await this.tx.query(
      `INSERT INTO notification_deliveries (message_id, channel_id, incident_id, rule_id, type, payload, next_attempt_at)
       SELECT d.mid, d.cid, u.iid, u.rid, u.type, u.payload::jsonb, to_timestamp($7 / 1000.0)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(iid, rid, type, payload, cids, mids, n)
       CROSS JOIN LATERAL (SELECT c.cid, m.mid, k FROM jsonb_array_elements_text(u.cids::jsonb) WITH ORDINALITY AS c(cid, k)
                           JOIN jsonb_array_elements_text(u.mids::jsonb) WITH ORDINALITY AS m(mid, k) USING (k)) d
       ORDER BY u.n, d.k`,
      [m.map((x) => x.incidentId), m.map((x) => x.ruleId), m.map((x) => x.type), m.map((x) => x.payload), m.map((x) => JSON.stringify(x.channelIds)), m.map((x) => JSON.stringify(x.messageIds)), this.now],
    );
  }
}

async function ruleRef(tx: SqlQueryable, id: string | null): Promise<{ id: string; name: string } | null> {
  if (!id) return null;
  const rows = await tx.query<{ id: string; name: string }>(`SELECT id, name FROM alert_rules WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

async function stateOf(tx: SqlQueryable, incidentId: string): Promise<{ channelIds: string[] } | null> {
  const rows = await tx.query<{ channelIds: string[] }>(`SELECT channel_ids AS "channelIds" FROM incident_notifications WHERE incident_id = $1`, [incidentId]);
  return rows[0] ?? null;
}

/** The incidents a batch is about, with what their messages are composed from, in three reads. */
async function readBatch(r: Round, ids: string[]): Promise<{ incidents: Map<string, IncidentForMessage>; facts: MessageFacts }> {
  const incidents = await loadIncidentsForMessage(r.tx, ids);
  return { incidents, facts: await readMessageFacts(r.tx, [...incidents.values()]) };
}

/** The incident.opened rows of a batch, routed together. */
async function handleOpened(r: Round, rows: OutboxRow[], incidents: Map<string, IncidentForMessage>, facts: MessageFacts): Promise<void> {
  const sending: { row: OutboxRow; inc: IncidentForMessage }[] = [];
  for (const row of rows) {
    const inc = incidents.get(row.incidentId);
    if (!inc || inc.backfilled) continue;
    if (inc.status === "resolved") r.note(inc.id, `Resolved within the group wait (${formatDuration(r.cfg.groupWaitMs)}): no message sent`, "notification_suppressed");
    else sending.push({ row, inc });
  }
  const routes = await routeIncidents(r.tx, sending.map((x) => x.inc), r.policies, r.channels);
  for (const { row, inc } of sending) {
    const channels = routes.get(inc.id) ?? [];
    if (channels.length === 0) {
      r.note(inc.id, "No channel routes this incident (no rule channel, no matching policy): nothing sent", "notification_suppressed");
      continue;
    }
    r.send(inc, facts, "incident.opened", channels, { rule: await r.rule(row.ruleId ?? inc.ruleId), value: row.value });
    r.markOpened(inc.id, channels);
  }
  await r.writeOpened();
}

async function handleFollowUp(r: Round, row: OutboxRow, inc: IncidentForMessage, facts: MessageFacts): Promise<void> {
  const state = await stateOf(r.tx, inc.id);
  if (!state) return;
  let channels = state.channelIds;
  if (row.type === "incident.escalated") {
    // The severity went up: channels the new severity routes to join in.
    const routed = (await routeIncidents(r.tx, [inc], r.policies, r.channels)).get(inc.id) ?? [];
    channels = [...new Set([...channels, ...routed])];
    await r.tx.query(`UPDATE incident_notifications SET channel_ids = $2, last_sent_at = to_timestamp($3 / 1000.0) WHERE incident_id = $1`, [inc.id, channels, r.now]);
  }
  r.send(inc, facts, row.type, r.channels.enabled(channels), {
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
  if (rows.length === 0) return 0;
  const { incidents, facts } = await readBatch(r, rows.map((x) => x.incidentId));
  // Rows in outbox order; a run of openings is routed and written together, so a follow-up
  // later in the batch (an acknowledgement right after the opening) finds the opening's row.
  let run: OutboxRow[] = [];
  for (const row of rows) {
    if (row.type === "incident.opened") {
      run.push(row);
      continue;
    }
    await handleOpened(r, run, incidents, facts);
    run = [];
    const inc = incidents.get(row.incidentId);
    if (inc) await handleFollowUp(r, { ...row, value: row.value === null ? null : Number(row.value) }, inc, facts);
  }
  await handleOpened(r, run, incidents, facts);
  await r.tx.query(`UPDATE notification_outbox SET processed_at = to_timestamp($2 / 1000.0) WHERE id = ANY($1::bigint[])`, [rows.map((x) => x.id), r.now]);
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
  if (due.length === 0) return;
  const { incidents, facts } = await readBatch(r, due.map((d) => d.id));
  const reminded: string[] = [];
  for (const d of due) {
    const inc = incidents.get(d.id);
    if (!inc) continue;
    r.send(inc, facts, "incident.reminder", r.channels.enabled(d.channelIds), { rule: await r.rule(inc.ruleId) });
    reminded.push(d.id);
  }
  await r.tx.query(`UPDATE incident_notifications SET last_sent_at = to_timestamp($2 / 1000.0) WHERE incident_id = ANY($1::text[])`, [reminded, r.now]);
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
  if (due.length === 0) return;
  const { incidents, facts } = await readBatch(r, due.map((d) => d.id));
  for (const d of due) {
    const inc = incidents.get(d.id);
    if (!inc) continue;
    const policies = escalating.filter((p) => policyMatches(p, inc.severity, inc.backend) && Number(d.firstSentAt) + p.escalateAfterSeconds! * 1000 <= r.now);
    if (policies.length === 0) continue;
    const targets = r.channels.enabled(policies.flatMap((p) => p.escalationChannelIds));
    const after = formatDuration(Math.min(...policies.map((p) => p.escalateAfterSeconds!)) * 1000);
    r.send(inc, facts, "incident.escalated", targets, { rule: await r.rule(inc.ruleId), reason: `not acknowledged within ${after}` });
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
    const r = new Round(tx, cfg, now, await loadPolicies(tx), await ChannelDirectory.read(tx));
    await processOutbox(r);
    await sendEscalations(r);
    await sendReminders(r);
    await r.writeDeliveries();
    await addTimelineEntries(tx, r.entries);
    return r.report;
  });
}
