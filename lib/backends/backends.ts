// Backends: the origins behind the proxy. One row per name, whoever named it first: logs
// (discovered), a person (manual) or a config import (imported). Creating or renaming onto the
// name of a discovered backend adopts that row instead of failing, so the name stays one backend.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/http/parse";
import { CreateBackendInput, UpdateBackendInput, type BackendDetail, type BackendTimeouts, type BackendView } from "@/lib/backends/schemas";
import { toBackendDetail, toBackendView, type ViewOptions } from "@/lib/backends/views";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const withProbes = { probes: { orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }] } };

export function assertMayWriteBackends(actor: Actor): void {
  if (!can(actor, "backends.write")) throw new AppError("forbidden", "Only editors, admins and owners can change backends and probes.");
}

export function viewOptionsFor(actor: Actor): ViewOptions {
  return { revealSecrets: can(actor, "backends.write") };
}

function timeoutColumns(t: BackendTimeouts | undefined) {
  return { connectTimeoutMs: t?.connectMs, firstByteTimeoutMs: t?.firstByteMs, betweenBytesTimeoutMs: t?.betweenBytesMs };
}

const nameTaken = (name: string) =>
  new AppError("conflict", `A backend named "${name}" already exists.`, { fields: [{ path: "name", message: "This name is taken." }] });

async function detail(tx: Pick<PrismaClient, "backend">, id: string, opts: ViewOptions): Promise<BackendDetail> {
  const row = await tx.backend.findUnique({ where: { id }, include: withProbes });
  if (!row) throw new AppError("not_found", "No such backend.");
  return toBackendDetail(row, opts);
}

export interface CreatedBackend {
  backend: BackendDetail;
  /** True when a backend discovered from logs under this name was adopted. */
  adopted: boolean;
}

export async function createBackend(prisma: PrismaClient, actor: Actor, raw: unknown): Promise<CreatedBackend> {
  assertMayWriteBackends(actor);
  const input = parseInput(CreateBackendInput, raw);
  const fields = { address: input.address ?? null, tags: input.tags ?? [], ...timeoutColumns(input.timeouts), origin: "manual" };
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

export async function listBackends(prisma: PrismaClient): Promise<BackendView[]> {
  const rows = await prisma.backend.findMany({ orderBy: { name: "asc" }, include: withProbes });
  return rows.map(toBackendView);
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
  assertMayWriteBackends(actor);
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
  assertMayWriteBackends(actor);
  await prisma.$transaction(async (tx) => {
    const current = await tx.backend.findUnique({ where: { id } });
    if (!current) throw new AppError("not_found", "No such backend.");
    await tx.backend.delete({ where: { id } });
    await recordAudit(tx, actor, "backend.delete", { type: "backend", id }, { name: current.name });
  });
}
