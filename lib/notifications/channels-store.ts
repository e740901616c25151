// Channel actions: list, read (with its delivery log), create (a webhook gets its signing secret,
// shown once), change (omitted secrets are kept; rotation keeps the old secret signing for 24 h),
// delete, and test. Admins and owners write; every write lands with its audit row.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SqlExecutor } from "@/lib/db/sql";
import { AppError } from "@/lib/errors/app-error";
import { parseInput, zodIssues } from "@/lib/errors/parse";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { EgressPolicy } from "@/lib/net/egress";
import { CHANNEL_KINDS, type ChannelKindId } from "@/lib/notifications/channels/registry";
import { secretFieldsOf, toChannelView, toDeliveryView } from "@/lib/notifications/channel-views";
import { testMessage } from "@/lib/notifications/compose";
import { attempt, loadChannelRows, recordOutcomes } from "@/lib/notifications/sender";
import { generateSecret, ROTATION_OVERLAP_MS } from "@/lib/notifications/signing";
import { CreateChannelInput, UpdateChannelInput, type ChannelDetail, type ChannelTestResult, type ChannelView } from "@/lib/notifications/schemas";
import { randomUUID } from "node:crypto";
import { pgJson } from "@/lib/db/text";

const DELIVERY_LOG = 50;

/** The kind's schema over the config; a 400 names each field as config.<field>. Egress refusals are 422. */
function checkConfig(kind: ChannelKindId, raw: Record<string, unknown>, egress: EgressPolicy): Record<string, unknown> {
  const parsed = CHANNEL_KINDS[kind].configSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = zodIssues(parsed.error).map((f) => ({ path: `config.${f.path === "(body)" ? "" : f.path}`.replace(/\.$/, ""), message: f.message }));
    throw new AppError("bad_request", `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`, { fields });
  }
  for (const host of CHANNEL_KINDS[kind].hosts(parsed.data)) {
    const denial = egress.checkHost(host);
    if (denial) throw new AppError("unprocessable", `config: ${denial.reason}`, { fields: [{ path: "config", message: denial.reason }] });
  }
  return parsed.data;
}

async function assertNameFree(tx: Pick<PrismaClient, "notificationChannel">, name: string, exceptId?: string) {
  const existing = await tx.notificationChannel.findUnique({ where: { name }, select: { id: true } });
  if (existing && existing.id !== exceptId) throw new AppError("conflict", `A channel named "${name}" already exists.`, { fields: [{ path: "name", message: "This name is taken." }] });
}

export async function listChannels(prisma: PrismaClient, now = Date.now()): Promise<ChannelView[]> {
  const rows = await prisma.notificationChannel.findMany({ orderBy: { name: "asc" } });
  return rows.map((r) => toChannelView(r, now));
}

export async function getChannel(prisma: PrismaClient, id: string, now = Date.now()): Promise<ChannelDetail> {
  const row = await prisma.notificationChannel.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such channel.");
  const deliveries = await prisma.notificationDelivery.findMany({ where: { channelId: id }, orderBy: { id: "desc" }, take: DELIVERY_LOG });
  return { ...toChannelView(row, now), deliveries: deliveries.map(toDeliveryView) };
}

export async function createChannel(prisma: PrismaClient, actor: Actor, raw: unknown, egress: EgressPolicy): Promise<ChannelView & { secret?: string }> {
  assertCan(actor, "channels.manage");
  const input = parseInput(CreateChannelInput, raw);
  const config = checkConfig(input.kind, input.config, egress);
  const secret = input.kind === "webhook" ? generateSecret() : null;
  return prisma.$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const row = await tx.notificationChannel.create({ data: { name: input.name, kind: input.kind, config: config as Prisma.InputJsonValue, enabled: input.enabled, secret } });
    await recordAudit(tx, actor, "channel.create", { type: "channel", id: row.id }, { name: row.name, kind: row.kind });
    return { ...toChannelView(row), ...(secret ? { secret } : {}) };
  });
}

export async function updateChannel(prisma: PrismaClient, actor: Actor, id: string, raw: unknown, egress: EgressPolicy, now = Date.now()): Promise<ChannelView & { secret?: string }> {
  assertCan(actor, "channels.manage");
  const input = parseInput(UpdateChannelInput, raw);
  return prisma.$transaction(async (tx) => {
    const row = await tx.notificationChannel.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", "No such channel.");
    if (input.name !== undefined) await assertNameFree(tx, input.name, id);
    const data: Prisma.NotificationChannelUpdateInput = {};
    if (input.name !== undefined) data.name = input.name;
    if (input.config !== undefined) {
      const stored = row.config as Record<string, unknown>;
      const kept = Object.fromEntries(secretFieldsOf(row.kind).filter((k) => input.config![k] === undefined && stored[k] !== undefined).map((k) => [k, stored[k]]));
      data.config = checkConfig(row.kind as ChannelKindId, { ...input.config, ...kept }, egress) as Prisma.InputJsonValue;
    }
    if (input.enabled !== undefined) {
      data.enabled = input.enabled;
      // Turning a channel back on clears why it was off and its failure streak.
      if (input.enabled) Object.assign(data, { disabledReason: null, failingSince: null });
    }
    let secret: string | undefined;
    if (input.rotateSecret) {
      if (row.kind !== "webhook") throw new AppError("bad_request", "Only webhook channels have a signing secret.", { fields: [{ path: "rotateSecret", message: "not a webhook channel" }] });
      secret = generateSecret();
      Object.assign(data, { secret, previousSecret: row.secret, previousSecretUntil: new Date(now + ROTATION_OVERLAP_MS) });
    }
    const updated = await tx.notificationChannel.update({ where: { id }, data });
    const changed = Object.keys(input).filter((k) => k !== "config").concat(input.config ? Object.keys(input.config).map((k) => `config.${k}`) : []);
    await recordAudit(tx, actor, input.rotateSecret ? "channel.rotate_secret" : "channel.update", { type: "channel", id }, { name: updated.name, changed });
    return { ...toChannelView(updated, now), ...(secret ? { secret } : {}) };
  });
}

export async function deleteChannel(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "channels.manage");
  await prisma.$transaction(async (tx) => {
    const row = await tx.notificationChannel.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", "No such channel.");
    await tx.notificationChannel.delete({ where: { id } });
    await recordAudit(tx, actor, "channel.delete", { type: "channel", id }, { name: row.name, kind: row.kind });
  });
}

/** Sends a test message now (once, no retries), logs it with the channel's deliveries and answers what happened. */
export async function testChannel(prisma: PrismaClient, sql: SqlExecutor, actor: Actor, id: string, opts: { egress: EgressPolicy; baseUrl: string }, now = Date.now()): Promise<ChannelTestResult> {
  assertCan(actor, "channels.manage");
  const channel = (await loadChannelRows(sql, [id])).get(id);
  if (!channel) throw new AppError("not_found", "No such channel.");
  const payload = testMessage(opts.baseUrl, now);
  const messageId = `msg_${randomUUID()}`;
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO notification_deliveries (message_id, channel_id, type, payload, attempts, lease_until) VALUES ($1, $2, 'test', $3::jsonb, 1, now() + interval '1 minute') RETURNING id`,
    [messageId, id, pgJson(payload)],
  );
  const started = performance.now();
  // A test goes to a disabled channel too: that is how one checks it before turning it back on.
  const raw = await attempt({ ...channel, enabled: true }, payload, messageId, { egress: opts.egress, concurrency: 1 }, now);
  const durationMs = Math.round(performance.now() - started);
  const out = raw.ok ? raw : { ...raw, retryable: false, disableChannel: undefined };
  const delivery = { id: inserted[0]!.id, messageId, channelId: id, incidentId: null, type: "test", payload, attempts: 1 };
  await recordOutcomes(sql, [{ d: delivery, channel, out }], Date.now());
  await prisma.$transaction(async (tx) => recordAudit(tx, actor, "channel.test", { type: "channel", id }, { name: channel.name, ok: out.ok, status: out.status }));
  return { ok: out.ok, status: out.status, error: out.ok ? null : out.error, durationMs, messageId };
}
