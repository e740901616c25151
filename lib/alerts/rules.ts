// Rule actions: create and read. Input is parsed against the contract (lib/alerts/schemas.ts),
// channel ids are checked against the database, and the rule and its audit row land together.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { formatDuration } from "@/lib/alerts/durations";
import { UpdateRuleInput, ruleInputSchema, type RuleInput, type RuleLimits, type RuleScope, type RuleView } from "@/lib/alerts/schemas";

export function assertMayWriteRules(actor: Actor): void {
  if (!can(actor, "rules.write")) throw new AppError("forbidden", "Only editors, admins and owners can change alert rules.");
}

const withRelations = { channels: true, instances: { orderBy: { instanceKey: "asc" as const } } } as const;
type RuleRow = Prisma.AlertRuleGetPayload<{ include: typeof withRelations }>;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function toRuleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RuleView["kind"],
    scope: row.scope as RuleScope,
    config: row.config as RuleView["config"],
    for: formatDuration(row.forSeconds),
    keepFiringFor: formatDuration(row.keepFiringForSeconds),
    severity: row.severity as RuleView["severity"],
    channels: row.channels.map((c) => c.channelId).sort(),
    description: row.description,
    runbookUrl: row.runbookUrl,
    enabled: row.enabled,
    instances: row.instances.map((i) => ({
      instance: i.instanceKey,
      state: i.state as RuleView["instances"][number]["state"],
      since: i.since.toISOString(),
      value: i.value,
      threshold: i.threshold,
      reason: i.reason,
      evaluatedAt: iso(i.evaluatedAt),
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function assertChannelsExist(tx: Pick<PrismaClient, "notificationChannel">, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set((await tx.notificationChannel.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((c) => c.id));
  const fields = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `channels.${i}`, message: `No notification channel has the id ${id}.` }]));
  if (fields.length > 0) throw new AppError("bad_request", `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`, { fields });
}

const nameTaken = (name: string) =>
  new AppError("conflict", `A rule named "${name}" already exists.`, { fields: [{ path: "name", message: "This name is taken." }] });

/** A checked rule input as the columns it is stored in (channels as new links). */
function ruleColumns(input: RuleInput) {
  return {
    name: input.name,
    kind: input.kind,
    scope: input.scope,
    config: input.config as Prisma.InputJsonValue,
    forSeconds: input.for,
    keepFiringForSeconds: input.keepFiringFor,
    severity: input.severity,
    description: input.description ?? null,
    runbookUrl: input.runbookUrl ?? null,
    channels: { create: input.channels.map((channelId) => ({ channelId })) },
  };
}

export async function createRule(prisma: PrismaClient, actor: Actor, raw: unknown, limits: RuleLimits): Promise<RuleView> {
  assertMayWriteRules(actor);
  const input = parseInput(ruleInputSchema(limits), raw);
  return prisma.$transaction(async (tx) => {
    await assertChannelsExist(tx, input.channels);
    if (await tx.alertRule.findUnique({ where: { name: input.name }, select: { id: true } })) throw nameTaken(input.name);
    const row = await tx.alertRule.create({
      data: {
        ...ruleColumns(input),
        createdById: actor.kind === "user" ? actor.id : null,
      },
      include: withRelations,
    });
    await recordAudit(tx, actor, "rule.create", { type: "rule", id: row.id }, { name: row.name, kind: row.kind });
    return toRuleView(row);
  });
}

export async function listRules(prisma: PrismaClient): Promise<RuleView[]> {
  const rows = await prisma.alertRule.findMany({ orderBy: { name: "asc" }, include: withRelations });
  return rows.map(toRuleView);
}

export async function getRule(prisma: Pick<PrismaClient, "alertRule">, id: string): Promise<RuleView> {
  const row = await prisma.alertRule.findUnique({ where: { id }, include: withRelations });
  if (!row) throw new AppError("not_found", "No such rule.");
  return toRuleView(row);
}

/** The stored rule in the contract's words, so a PATCH can be checked as a whole rule. */
function asInput(v: RuleView): Record<string, unknown> {
  const { id: _id, enabled: _e, instances: _i, createdAt: _c, updatedAt: _u, ...input } = v;
  return input;
}

/**
 * Changes a rule. Instances keep their state when only names, severity, channels or texts change;
 * a new kind, scope, config or timing starts them afresh (their history stays in transitions).
 */
export async function updateRule(prisma: PrismaClient, actor: Actor, id: string, raw: unknown, limits: RuleLimits): Promise<RuleView> {
  assertMayWriteRules(actor);
  const patch = parseInput(UpdateRuleInput, raw);
  return prisma.$transaction(async (tx) => {
    const current = await getRule(tx, id);
    const { enabled, ...fields } = patch;
    const input = parseInput(ruleInputSchema(limits), { ...asInput(current), ...fields });
    await assertChannelsExist(tx, input.channels);
    const other = await tx.alertRule.findUnique({ where: { name: input.name }, select: { id: true } });
    if (other && other.id !== id) throw nameTaken(input.name);
    const before = await tx.alertRule.findUniqueOrThrow({ where: { id } });
    const conditionChanged =
      input.kind !== before.kind ||
      JSON.stringify(input.scope) !== JSON.stringify(before.scope) ||
      JSON.stringify(input.config) !== JSON.stringify(before.config) ||
      input.for !== before.forSeconds ||
      input.keepFiringFor !== before.keepFiringForSeconds;
    if (conditionChanged || enabled === false) await tx.alertInstance.deleteMany({ where: { ruleId: id } });
    await tx.alertRuleChannel.deleteMany({ where: { ruleId: id } });
    await tx.alertRule.update({
      where: { id },
      data: {
        ...ruleColumns(input),
        enabled: enabled ?? before.enabled,
      },
    });
    await recordAudit(tx, actor, "rule.update", { type: "rule", id }, { name: input.name, fields: Object.keys(patch) });
    return getRule(tx, id);
  });
}

export async function deleteRule(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertMayWriteRules(actor);
  await prisma.$transaction(async (tx) => {
    const row = await tx.alertRule.findUnique({ where: { id }, select: { name: true } });
    if (!row) throw new AppError("not_found", "No such rule.");
    await tx.alertRule.delete({ where: { id } });
    await recordAudit(tx, actor, "rule.delete", { type: "rule", id }, { name: row.name });
  });
}
