// The sender: claims due deliveries (FOR UPDATE SKIP LOCKED, then a lease while the request is in
// flight, so no transaction stays open across a 15 s request and one message has one sender across
// instances), sends them concurrently, and records every outcome in one transaction per round:
// the delivery row, the channel's last success or failure, and the incident's timeline. A sender
// that dies mid-request leaves its lease to expire; the message then goes again with the same
// webhook-id, which receivers use to drop a duplicate.
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import type { EgressPolicy } from "@/lib/net/egress";
import { formatDuration } from "@/lib/incidents/format";
import { CHANNEL_KINDS, isChannelKind } from "@/lib/notifications/channels/registry";
import type { SendOutcome } from "@/lib/notifications/channels/types";
import { MAX_ATTEMPTS, nextDelayMs } from "@/lib/notifications/backoff";
import type { NotificationPayload } from "@/lib/notifications/message";
import { addTimelineEntries, type NotificationEntry } from "@/lib/notifications/timeline";

export const SEND_TIMEOUT_MS = 15_000;
/** Longer than the timeout, so a live sender always finishes inside its lease. */
export const LEASE_MS = 60_000;

export interface SenderConfig {
  egress: EgressPolicy;
  concurrency: number;
  timeoutMs?: number;
  random?: () => number;
}

export interface ClaimedDelivery {
  id: string;
  messageId: string;
  channelId: string;
  incidentId: string | null;
  type: string;
  payload: NotificationPayload;
  attempts: number;
}

export interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  enabled: boolean;
  secret: string | null;
  previousSecret: string | null;
  previousSecretUntil: number | null;
}

export async function claimDeliveries(sql: SqlQueryable, limit: number, now: number): Promise<ClaimedDelivery[]> {
  return sql.query<ClaimedDelivery>(
    `WITH c AS (
       SELECT id FROM notification_deliveries
       WHERE status = 'pending' AND next_attempt_at <= to_timestamp($1 / 1000.0) AND (lease_until IS NULL OR lease_until <= to_timestamp($1 / 1000.0))
       ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE notification_deliveries d SET lease_until = to_timestamp(($1 + $3) / 1000.0), attempts = d.attempts + 1 FROM c WHERE d.id = c.id
     RETURNING d.id, d.message_id AS "messageId", d.channel_id AS "channelId", d.incident_id AS "incidentId", d.type, d.payload, d.attempts`,
    [now, limit, LEASE_MS],
  );
}

export async function loadChannelRows(q: SqlQueryable, ids: string[]): Promise<Map<string, ChannelRow>> {
  const rows = await q.query<ChannelRow>(
    `SELECT id, name, kind, config, enabled, secret, previous_secret AS "previousSecret",
            extract(epoch FROM previous_secret_until) * 1000 AS "previousSecretUntil"
     FROM notification_channels WHERE id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { ...r, previousSecretUntil: r.previousSecretUntil === null ? null : Number(r.previousSecretUntil) }]));
}

/** Signing secrets in force: the current one, and the previous one during its overlap. */
export const secretsOf = (c: ChannelRow, now: number): string[] =>
  [c.secret, c.previousSecret && c.previousSecretUntil !== null && c.previousSecretUntil > now ? c.previousSecret : null].filter((s): s is string => Boolean(s));

/** One attempt of one message to one channel; never throws. */
export async function attempt(channel: ChannelRow | undefined, payload: NotificationPayload, messageId: string, cfg: SenderConfig, now: number): Promise<SendOutcome> {
  if (!channel) return { ok: false, retryable: false, status: null, error: "the channel was deleted" };
  if (!channel.enabled) return { ok: false, retryable: false, status: null, error: "the channel is disabled" };
  if (!isChannelKind(channel.kind)) return { ok: false, retryable: false, status: null, error: `unknown channel kind ${channel.kind}` };
  const kind = CHANNEL_KINDS[channel.kind];
  const config = kind.configSchema.safeParse(channel.config);
  if (!config.success) return { ok: false, retryable: false, status: null, error: `the channel's settings are invalid: ${config.error.issues.map((i) => i.message).join("; ")}` };
  try {
    const rendered = kind.render(payload, config.data);
    return await kind.send(rendered, config.data, { egress: cfg.egress, messageId, secrets: secretsOf(channel, now), now, timeoutMs: cfg.timeoutMs ?? SEND_TIMEOUT_MS });
  } catch (e) {
    return { ok: false, retryable: true, status: null, error: (e as Error).message || String(e) };
  }
}

interface Result {
  d: ClaimedDelivery;
  channel: ChannelRow | undefined;
  out: SendOutcome;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

const label = (r: Result) => (r.channel ? `${r.channel.name} (${r.channel.kind})` : "a deleted channel");

/** Writes a round's outcomes: deliveries, channel health, timelines, disabled channels. */
export async function recordOutcomes(sql: SqlExecutor, results: Result[], now: number, random: () => number = Math.random): Promise<void> {
  const ids: string[] = [], status: string[] = [], next: (number | null)[] = [], errors: (string | null)[] = [], codes: (number | null)[] = [];
  const entries: NotificationEntry[] = [];
  const healthy = new Set<string>();
  const failing = new Map<string, string>();
  const disable = new Map<string, string>();
  for (const r of results) {
    const { d, out } = r;
    ids.push(d.id);
    codes.push(out.status);
    const incident = d.incidentId;
    if (out.ok) {
      status.push("sent");
      next.push(null);
      errors.push(null);
      healthy.add(d.channelId);
      if (incident) entries.push({ incidentId: incident, at: now, kind: "notification", message: `${d.type} delivered to ${label(r)}`, data: { channelId: d.channelId, messageId: d.messageId, attempts: d.attempts } });
      continue;
    }
    failing.set(d.channelId, out.error);
    if (out.disableChannel && r.channel?.enabled) disable.set(d.channelId, out.disableChannel);
    const delay = out.retryable ? nextDelayMs(d.attempts, out.retryAfterMs, random) : null;
    status.push(delay === null ? "failed" : "pending");
    next.push(delay === null ? null : now + delay);
    errors.push(out.error.slice(0, 1000));
    if (incident) {
      const message =
        delay === null
          ? `${d.type} to ${label(r)} failed${out.retryable ? ` after ${d.attempts} attempts` : ""}: ${out.error}${out.disableChannel ? `; the channel is now disabled (${out.disableChannel})` : ""}`
          : `${d.type} to ${label(r)} failed (attempt ${d.attempts} of ${MAX_ATTEMPTS}): ${out.error}; next try in ${formatDuration(delay)}`;
      entries.push({ incidentId: incident, at: now, kind: "notification_failed", message, data: { channelId: d.channelId, messageId: d.messageId, attempts: d.attempts, status: out.status } });
    }
  }
  await sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE notification_deliveries d SET status = u.status, lease_until = NULL, last_error = u.error, last_status = u.code,
         sent_at = CASE WHEN u.status = 'sent' THEN to_timestamp($6 / 1000.0) ELSE d.sent_at END,
         next_attempt_at = coalesce(to_timestamp(u.next / 1000.0), d.next_attempt_at)
       FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::int[]) AS u(id, status, next, error, code) WHERE d.id = u.id`,
      [ids, status, next, errors, codes, now],
    );
    for (const [id, error] of failing) {
      await tx.query(
        `UPDATE notification_channels SET last_failure_at = to_timestamp($2 / 1000.0), last_error = $3, failing_since = coalesce(failing_since, to_timestamp($2 / 1000.0)) WHERE id = $1`,
        [id, now, error.slice(0, 1000)],
      );
    }
    if (healthy.size > 0) {
      await tx.query(`UPDATE notification_channels SET last_success_at = to_timestamp($2 / 1000.0), failing_since = NULL WHERE id = ANY($1::text[])`, [[...healthy], now]);
    }
    for (const [id, reason] of disable) {
      await tx.query(`UPDATE notification_channels SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
    }
    await addTimelineEntries(tx, entries);
  });
}

export interface SendReport {
  sent: number;
  failed: number;
  retrying: number;
}

/** Sends every due delivery, round after round, until none is due (`once`: one round). */
export async function sendDue(sql: SqlExecutor, cfg: SenderConfig, clock: () => number = Date.now, opts: { once?: boolean } = {}): Promise<SendReport> {
  const report: SendReport = { sent: 0, failed: 0, retrying: 0 };
  for (;;) {
    const now = clock();
    const claimed = await claimDeliveries(sql, cfg.concurrency, now);
    if (claimed.length === 0) return report;
    const channels = await loadChannelRows(sql, [...new Set(claimed.map((d) => d.channelId))]);
    const results = await mapLimit(claimed, cfg.concurrency, async (d) => {
      const channel = channels.get(d.channelId);
      return { d, channel, out: await attempt(channel, d.payload, d.messageId, cfg, clock()) };
    });
    await recordOutcomes(sql, results, clock(), cfg.random);
    for (const r of results) {
      if (r.out.ok) report.sent++;
      else if (r.out.retryable && r.d.attempts < MAX_ATTEMPTS) report.retrying++;
      else report.failed++;
    }
    if (opts.once) return report;
  }
}
