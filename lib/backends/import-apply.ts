// Config import: a dry run answers the plan; an apply writes it in ONE transaction (backends
// upserted by name as 'imported', their imported probe created or updated, one audit row) and
// answers what changed. The plan is made inside the transaction, from what it then reads.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { parseBackendConfig, type ImportKind } from "@/lib/backends/import";
import { newProbeData, probeUpdateData } from "@/lib/backends/probe-state";
import { planImport, planSummary, type ExistingBackend, type PlannedBackend, type ProbeCheck } from "@/lib/backends/import-plan";
import { probeRefusal } from "@/lib/backends/probe-policy";
import { serverEgressPolicy, type EgressPolicy } from "@/lib/net/egress";
import type { ImportAnswer } from "@/lib/backends/import-schemas";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
type Reader = Pick<PrismaClient, "backend">;

// Large configs make many small writes; give the transaction room beyond Prisma's 5 s default.
const APPLY_TIMEOUT_MS = 120_000;

async function loadExisting(db: Reader, names: string[]): Promise<Map<string, ExistingBackend>> {
  const rows = await db.backend.findMany({
    where: { name: { in: names } },
    include: { probes: { where: { origin: "imported" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1 } },
  });
  return new Map(rows.map(({ probes, ...b }) => [b.name, { ...b, importedProbe: probes[0] ?? null }]));
}

async function writePlanned(tx: Tx, p: PlannedBackend, nowMs: number): Promise<void> {
  const { item, fields, existing, probe } = p;
  let backendId = existing?.id;
  if (!existing) {
    // Upsert: a backend discovered from logs a moment ago is adopted, not duplicated.
    backendId = (await tx.backend.upsert({ where: { name: item.name }, create: { name: item.name, ...fields }, update: { ...fields, demo: false } })).id;
  } else if (item.action === "update") {
    // Imported over a demo backend: it is the user's configuration now (demo removal keeps it).
    await tx.backend.update({ where: { id: existing.id }, data: { ...fields, demo: false } });
  }
  if (!probe || !backendId) return;
  const current = existing?.importedProbe;
  if (!current) {
    await tx.probe.create({ data: { backendId, origin: "imported", ...newProbeData(probe, nowMs) } });
  } else if (item.probe.action === "update") {
    await tx.probe.update({ where: { id: current.id }, data: probeUpdateData(current, probe, nowMs).data });
  }
}

export async function importBackends(
  prisma: PrismaClient,
  actor: Actor,
  kind: ImportKind,
  text: string,
  opts: { dryRun: boolean; egress?: EgressPolicy },
): Promise<ImportAnswer> {
  assertCan(actor, "backends.write");
  const egress = opts.egress ?? serverEgressPolicy();
  const check: ProbeCheck = (def, current) => probeRefusal(actor, def, egress, current)?.message;
  const preview = parseBackendConfig(kind, text);
  const names = preview.backends.map((b) => b.name);
  const answer = (planned: PlannedBackend[], notes: ImportAnswer["notes"], applied: boolean): ImportAnswer => ({
    kind,
    dryRun: opts.dryRun,
    applied,
    summary: planSummary(planned),
    backends: planned.map((p) => p.item),
    notes,
  });
  if (opts.dryRun) {
    const plan = planImport(preview, await loadExisting(prisma, names), check);
    return answer(plan.planned, plan.notes, false);
  }
  // A config the parser could not read to the end would be applied half: refuse it whole.
  const errors = preview.notes.filter((n) => n.level === "error");
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new AppError(
      "unprocessable",
      `The config has ${errors.length} error(s); nothing was applied. First: line ${first.line}${first.column ? `:${first.column}` : ""}: ${first.message}`,
    );
  }
  return prisma.$transaction(
    async (tx) => {
      const plan = planImport(preview, await loadExisting(tx, names), check);
      const refused = plan.notes.filter((n) => n.level === "error");
      if (refused.length > 0) {
        throw new AppError("unprocessable", `${refused.length} probe(s) of the config are refused; nothing was applied. First: line ${refused[0]!.line}: ${refused[0]!.message}`);
      }
      const nowMs = Date.now();
      for (const p of plan.planned) await writePlanned(tx, p, nowMs);
      const summary = planSummary(plan.planned);
      const changed = plan.planned.filter((p) => p.item.action !== "unchanged" || !["unchanged", "none"].includes(p.item.probe.action));
      await recordAudit(tx, actor, "backend.import", undefined, {
        kind,
        ...summary,
        changed: changed.slice(0, 100).map((p) => p.item.name),
      });
      return answer(plan.planned, plan.notes, true);
    },
    { timeout: APPLY_TIMEOUT_MS, maxWait: 10_000 },
  );
}
