// Notification policies: where incidents go when their rules name no channel, by severity and
// backend, with an optional escalation. Admins and owners write; audit rows land with the change.
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { PolicyInput, UpdatePolicyInput, type PolicyView } from "@/lib/notifications/schemas";

type PolicyRow = Prisma.NotificationPolicyGetPayload<object>;
type Tx = Prisma.TransactionClient;

export function toPolicyView(r: PolicyRow): PolicyView {
  return {
    id: r.id,
    name: r.name,
    severities: r.severities,
    backends: r.backends,
    channels: r.channelIds,
    escalateAfterMinutes: r.escalateAfterSeconds === null ? null : Math.round(r.escalateAfterSeconds / 60),
    escalateTo: r.escalationChannelIds,
    position: r.position,
    enabled: r.enabled,
  };
}

async function assertChannels(tx: Tx, path: string, ids: string[]) {
  const found = new Set((await tx.notificationChannel.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((c) => c.id));
  const fields = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `${path}.${i}`, message: `No notification channel has the id ${id}.` }]));
  if (fields.length > 0) throw new AppError("bad_request", `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`, { fields });
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const existing = await tx.notificationPolicy.findUnique({ where: { name }, select: { id: true } });
  if (existing && existing.id !== exceptId) throw new AppError("conflict", `A policy named "${name}" already exists.`, { fields: [{ path: "name", message: "This name is taken." }] });
}

function columns(input: Partial<PolicyInput>): Prisma.NotificationPolicyUpdateInput {
  const out: Prisma.NotificationPolicyUpdateInput = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.severities !== undefined) out.severities = input.severities;
  if (input.backends !== undefined) out.backends = input.backends;
  if (input.channels !== undefined) out.channelIds = input.channels;
  if (input.escalateAfterMinutes !== undefined) out.escalateAfterSeconds = input.escalateAfterMinutes === null ? null : input.escalateAfterMinutes * 60;
  if (input.escalateTo !== undefined) out.escalationChannelIds = input.escalateTo;
  if (input.position !== undefined) out.position = input.position;
  if (input.enabled !== undefined) out.enabled = input.enabled;
  return out;
}

export async function listPolicies(prisma: PrismaClient): Promise<PolicyView[]> {
  return (await prisma.notificationPolicy.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] })).map(toPolicyView);
}

export async function createPolicy(prisma: PrismaClient, actor: Actor, raw: unknown): Promise<PolicyView> {
  assertCan(actor, "channels.manage");
  const input = parseInput(PolicyInput, raw);
  return prisma.$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    await assertChannels(tx, "channels", input.channels);
    await assertChannels(tx, "escalateTo", input.escalateTo);
    const row = await tx.notificationPolicy.create({ data: columns(input) as Prisma.NotificationPolicyCreateInput });
    await recordAudit(tx, actor, "policy.create", { type: "notification_policy", id: row.id }, { name: row.name });
    return toPolicyView(row);
  });
}

export async function updatePolicy(prisma: PrismaClient, actor: Actor, id: string, raw: unknown): Promise<PolicyView> {
  assertCan(actor, "channels.manage");
  const input = parseInput(UpdatePolicyInput, raw);
  return prisma.$transaction(async (tx) => {
    if (!(await tx.notificationPolicy.findUnique({ where: { id }, select: { id: true } }))) throw new AppError("not_found", "No such policy.");
    if (input.name !== undefined) await assertNameFree(tx, input.name, id);
    if (input.channels) await assertChannels(tx, "channels", input.channels);
    if (input.escalateTo) await assertChannels(tx, "escalateTo", input.escalateTo);
    const row = await tx.notificationPolicy.update({ where: { id }, data: columns(input) });
    await recordAudit(tx, actor, "policy.update", { type: "notification_policy", id }, { name: row.name, changed: Object.keys(input) });
    return toPolicyView(row);
  });
}

export async function deletePolicy(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "channels.manage");
  await prisma.$transaction(async (tx) => {
    const row = await tx.notificationPolicy.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", "No such policy.");
    await tx.notificationPolicy.delete({ where: { id } });
    await recordAudit(tx, actor, "policy.delete", { type: "notification_policy", id }, { name: row.name });
  });
}
