// Backends: the origins behind the proxy. One row per name, whoever named it first: logs
// (discovered), a person (manual) or a config import (imported). Creating or renaming onto the
// name of a discovered backend adopts that row instead of failing, so the name stays one backend.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { CreateBackendInput, UpdateBackendInput, type BackendDetail, type BackendSlo, type BackendTimeouts, type BackendView } from "@/lib/backends/schemas";
import { toBackendDetail, toBackendView, type ViewOptions } from "@/lib/backends/views";
import { readStatusFacts } from "@/lib/backends/status-facts";
import { backendStatusConfig } from "@/lib/config/env";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const withProbes = { probes: { orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }] } };


/** Query values of probe URLs are for admins; secrets are for nobody (lib/probes/config-secrets.ts). */
export function viewOptionsFor(actor: Actor, nowMs = Date.now()): ViewOptions {
  const reader = can(actor, "probes.read_query") ? "admin" : can(actor, "backends.write") ? "editor" : "viewer";
  return { reader, nowMs, status: backendStatusConfig() };
}

function timeoutColumns(t: BackendTimeouts | undefined) {
  return { connectTimeoutMs: t?.connectMs, firstByteTimeoutMs: t?.firstByteMs, betweenBytesTimeoutMs: t?.betweenBytesMs };
}

/** undefined: left as it is; null: removed. */
function sloColumns(slo: BackendSlo | null | undefined) {
  if (slo === undefined) return {};
  return { sloTargetPercent: slo?.target ?? null, sloWindowDays: slo?.windowDays ?? null };
}

const nameTaken = (name: string) =>
  new AppError("conflict", `A backend named "${name}" already exists.`, { fields: [{ path: "name", message: "This name is taken." }] });

async function detail(tx: Pick<PrismaClient, "backend" | "rollupMinute" | "alertInstance">, id: string, opts: ViewOptions): Promise<BackendDetail> {
  const row = await tx.backend.findUnique({ where: { id }, include: withProbes });
  if (!row) throw new AppError("not_found", "No such backend.");
  const facts = await readStatusFacts(tx, opts.status, opts.nowMs, [row.name]);
  return toBackendDetail(row, opts, facts);
}

export interface CreatedBackend {
  backend: BackendDetail;
  /** True when a backend discovered from logs under this name was adopted. */
  adopted: boolean;
}

export async function createBackend(prisma: PrismaClient, actor: Actor, raw: unknown): Promise<CreatedBackend> {
  assertCan(actor, "backends.write");
  const input = parseInput(CreateBackendInput, raw);
  const fields = { address: input.address ?? null, tags: input.tags ?? [], ...timeoutColumns(input.timeouts), ...sloColumns(input.slo), origin: "manual" };
  return prisma.$transaction(async (tx) => {
    const existing = await tx.backend.findUnique({ where: { name: input.name } });
    if (existing && existing.origin !== "discovered") throw nameTaken(input.name);
    const row = existing
      ? await tx.backend.update({ where: { id: existing.id }, data: fields })
      : await tx.backend.create({ data: { name: input.name, ...fields } });
    await recordAudit(tx, actor, "backend.create", { type: "backend", id: row.id }, { name: row.name, adoptedDiscovered: Boolean(existing) });
    return { backend: await detail(tx, row.id, viewOptionsFor(actor)), adopted: Boolean(existing) };
  });
}

export async function listBackends(prisma: PrismaClient, actor: Actor): Promise<BackendView[]> {
  const opts = viewOptionsFor(actor);
  const [rows, facts] = await Promise.all([
    prisma.backend.findMany({ orderBy: { name: "asc" }, include: withProbes }),
    readStatusFacts(prisma, opts.status, opts.nowMs),
  ]);
  return rows.map((row) => toBackendView(row, opts, facts));
}

export async function getBackend(prisma: PrismaClient, actor: Actor, id: string): Promise<BackendDetail> {
  return detail(prisma, id, viewOptionsFor(actor));
}

/** A rename onto a discovered name absorbs that row when it is only a name (no probes). */
async function claimName(tx: Tx, name: string, selfId: string): Promise<void> {
  const other = await tx.backend.findUnique({ where: { name }, include: { _count: { select: { probes: true } } } });
  if (!other || other.id === selfId) return;
  if (other.origin !== "discovered" || other._count.probes > 0) throw nameTaken(name);
  await tx.backend.delete({ where: { id: other.id } });
}

export async function updateBackend(prisma: PrismaClient, actor: Actor, id: string, raw: unknown): Promise<BackendDetail> {
  assertCan(actor, "backends.write");
  const input = parseInput(UpdateBackendInput, raw);
  return prisma.$transaction(async (tx) => {
    const current = await tx.backend.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such backend.");
    if (input.name !== undefined && input.name !== current.name) await claimName(tx, input.name, id);
    await tx.backend.update({
      where: { id },
      data: {
        name: input.name,
        address: input.address,
        tags: input.tags,
        ...timeoutColumns(input.timeouts),
        ...sloColumns(input.slo),
        // Edited by a person, a discovered backend is theirs now; so is a demo one, which demo
        // removal must then leave alone (lib/demo/remove.ts deletes demo rows only).
        ...(current.origin === "discovered" ? { origin: "manual" } : {}),
        demo: false,
      },
    });
    await recordAudit(tx, actor, "backend.update", { type: "backend", id }, { name: input.name ?? current.name, changed: Object.keys(input) });
    return detail(tx, id, viewOptionsFor(actor));
  });
}

export async function deleteBackend(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "backends.write");
  await prisma.$transaction(async (tx) => {
    const current = await tx.backend.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such backend.");
    await tx.backend.delete({ where: { id } });
    await recordAudit(tx, actor, "backend.delete", { type: "backend", id }, { name: current.name });
  });
}
