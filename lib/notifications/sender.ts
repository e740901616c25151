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

/**
 * Deliveries per claim: the first requests are on the wire while the next claim is read, instead
 * of a thousand being set up before any is sent.
 */
const CLAIM_MAX = 200;
/** While requests are in flight and fewer deliveries were due than slots were free, claim again after this long. */
const POLL_MS = 50;

/**
 * One sendDue: a pipeline, not rounds. A slot freed by a finished request is refilled at once
 * (claims of up to CLAIM_MAX top up the free slots), so one slow receiver holds back nobody
 * else; outcomes are written by one writer at a time, each write taking every outcome that came in
 * during the previous one, while requests go on.
 */
class Pipeline {
  readonly report: SendReport = { sent: 0, failed: 0, retrying: 0 };
  private inFlight = 0;
  private done: Result[] = [];
  private writing: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  private wake: () => void = () => undefined;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly cfg: SenderConfig,
    private readonly clock: () => number,
  ) {}

  get busy(): number {
    return this.inFlight;
  }

  get writeFailed(): boolean {
    return this.failure !== null;
  }

  start(d: ClaimedDelivery, channel: ChannelRow | undefined): void {
    this.inFlight++;
    void attempt(channel, d.payload, d.messageId, this.cfg, this.clock()).then((out) => {
      this.inFlight--;
      this.done.push({ d, channel, out });
      this.write();
      this.wake();
    });
  }

  /** Resolves when a request or a write ends, or after `ms`. */
  async idle(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private write(): void {
    if (this.writing || this.done.length === 0 || this.failure) return;
    const batch = this.done;
    this.done = [];
    this.writing = recordOutcomes(this.sql, batch, this.clock(), this.cfg.random)
      .then(
        () => this.count(batch),
        // Not recorded: the leases run out and these messages go again, with the same webhook-id.
        (error: unknown) => void (this.failure = { error }),
      )
      .finally(() => {
        this.writing = null;
        this.write();
        this.wake();
      });
  }

  private count(batch: Result[]): void {
    for (const r of batch) {
      if (r.out.ok) this.report.sent++;
      else if (r.out.retryable && r.d.attempts < MAX_ATTEMPTS) this.report.retrying++;
      else this.report.failed++;
    }
  }

  /** Waits for every request in flight and every outcome to be written; throws a failed write's error. */
  async finish(): Promise<SendReport> {
    while (this.inFlight > 0) await this.idle(1000);
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure.error;
    return this.report;
  }
}

/**
 * Sends every due delivery until none is due and none is in flight (`once`: one claim and its
 * requests; `stopping`: claim nothing more once it says so, finish what is in flight).
 */
export async function sendDue(sql: SqlExecutor, cfg: SenderConfig, clock: () => number = Date.now, opts: { once?: boolean; stopping?: () => boolean } = {}): Promise<SendReport> {
  const p = new Pipeline(sql, cfg, clock);
  const limit = Math.max(1, cfg.concurrency);
  /** Free slots worth a claim while others are in flight. */
  const topUp = Math.min(limit / 4, CLAIM_MAX);
  let claimedOnce = false;
  let pollAfter = 0;
  while (!p.writeFailed && !opts.stopping?.()) {
    const free = limit - p.busy;
    const want = Math.min(free, CLAIM_MAX);
    const due = opts.once ? !claimedOnce : free > 0 && (p.busy === 0 || (free >= topUp && performance.now() >= pollAfter));
    if (due) {
      const claimed = await claimDeliveries(sql, opts.once ? free : want, clock());
      claimedOnce = true;
      const channels = claimed.length > 0 ? await loadChannelRows(sql, [...new Set(claimed.map((d) => d.channelId))]) : new Map<string, ChannelRow>();
      for (const d of claimed) p.start(d, channels.get(d.channelId));
      if (claimed.length < want) pollAfter = performance.now() + POLL_MS;
      if (claimed.length === 0 && p.busy === 0) break;
      continue;
    }
    if (p.busy === 0) break;
    // Room for a claim soon: wait out the poll interval (or a request ending); else for a request to end.
    const canPoll = !opts.once && limit - p.busy >= topUp;
    await p.idle(canPoll ? Math.max(1, pollAfter - performance.now()) : 1000);
  }
  return p.finish();
}
