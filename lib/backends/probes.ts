// Probes of a backend: one function per action, each write in one transaction with its audit
// row. Results are read here, raw, for the probe charts and the drill-down (ranges up to 24 h).
// probe_rollup_minute (checks, failures and check latency per minute) is what the advisor reads
// for its 7-day comparison of check latency against the proxy's timeouts (lib/advisor/load.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { viewOptionsFor } from "@/lib/backends/backends";
import { parseCreateProbe, parseUpdateProbe } from "@/lib/backends/probe-input";
import { assertProbeAllowed } from "@/lib/backends/probe-policy";
import { serverEgressPolicy, type EgressPolicy } from "@/lib/net/egress";
import { newProbeData, probeUpdateData } from "@/lib/backends/probe-state";
import { ProbeResultsQuery, type ProbeResultsAnswer, type ProbeView } from "@/lib/backends/probe-schemas";
import { resultView, toProbeView } from "@/lib/backends/views";
import { HOUR_MS } from "@/lib/rollups/levels";

const noSuchProbe = () => new AppError("not_found", "No such probe.");

export async function createProbe(
  prisma: PrismaClient,
  actor: Actor,
  backendId: string,
  raw: unknown,
  egress: EgressPolicy = serverEgressPolicy(),
): Promise<ProbeView> {
  assertCan(actor, "backends.write");
  const def = parseCreateProbe(raw);
  assertProbeAllowed(actor, def, egress);
  return prisma.$transaction(async (tx) => {
    const backend = await tx.backend.findUnique({ where: { id: backendId } });
    if (!backend) throw new AppError("not_found", "No such backend.");
    const row = await tx.probe.create({ data: { backendId, origin: "manual", ...newProbeData(def, Date.now()) } });
    // A probe a person adds makes a demo backend theirs: demo removal must not take it along.
    if (backend.demo) await tx.backend.update({ where: { id: backendId }, data: { demo: false } });
    await recordAudit(tx, actor, "probe.create", { type: "probe", id: row.id }, { backend: backend.name, kind: row.kind });
    return toProbeView(row, viewOptionsFor(actor));
  });
}

export async function getProbe(prisma: PrismaClient, actor: Actor, id: string): Promise<ProbeView> {
  const row = await prisma.probe.findUnique({ where: { id } });
  if (!row) throw noSuchProbe();
  return toProbeView(row, viewOptionsFor(actor));
}

export async function updateProbe(
  prisma: PrismaClient,
  actor: Actor,
  id: string,
  raw: unknown,
  egress: EgressPolicy = serverEgressPolicy(),
): Promise<ProbeView> {
  assertCan(actor, "backends.write");
  return prisma.$transaction(async (tx) => {
    // Row lock first: a scheduler recording this probe's result waits, then sees the new register.
    await tx.$queryRaw`SELECT id FROM probes WHERE id = ${id} FOR UPDATE`;
    const current = await tx.probe.findUnique({ where: { id } });
    if (!current) throw noSuchProbe();
    const def = parseUpdateProbe(current, raw);
    assertProbeAllowed(actor, def, egress, current);
    const { changes, data } = probeUpdateData(current, def, Date.now());
    const row = changes.length > 0 ? await tx.probe.update({ where: { id }, data }) : current;
    await recordAudit(tx, actor, "probe.update", { type: "probe", id }, { changed: changes });
    return toProbeView(row, viewOptionsFor(actor));
  });
}

export async function deleteProbe(prisma: PrismaClient, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "backends.write");
  await prisma.$transaction(async (tx) => {
    const current = await tx.probe.findUnique({ where: { id }, include: { backend: { select: { name: true } } } });
    if (!current) throw noSuchProbe();
    await tx.probe.delete({ where: { id } });
    await recordAudit(tx, actor, "probe.delete", { type: "probe", id }, { backend: current.backend.name, kind: current.kind });
  });
}

/** Raw results with their timing phases, oldest first; the newest `limit` when there are more. */
export async function listProbeResults(prisma: PrismaClient, actor: Actor, id: string, rawQuery: unknown): Promise<ProbeResultsAnswer> {
  const { reader } = viewOptionsFor(actor);
  const query = parseInput(ProbeResultsQuery, rawQuery);
  const to = query.to ?? Date.now();
  const from = query.from ?? to - HOUR_MS;
  if (to <= from) throw new AppError("bad_request", "Invalid input: to: must be after from", { fields: [{ path: "to", message: "must be after from" }] });
  const probe = await prisma.probe.findUnique({ where: { id }, select: { id: true } });
  if (!probe) throw noSuchProbe();
  const range = { probeId: id, at: { gte: new Date(from), lt: new Date(to) } };
  const everyMs = query.every === undefined ? null : query.every * 1000;
  const rows = await prisma.probeResult.findMany({
    where: everyMs === null ? range : { id: { in: await thinnedIds(prisma, id, from, to, everyMs, query.limit + 1) } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const truncated = rows.length > query.limit;
  const results = rows
    .slice(0, query.limit)
    .reverse()
    .map((r) => resultView({ ...r, at: r.at.getTime(), errorClass: r.errorClass ?? undefined, status: r.status ?? undefined }, reader))
    .filter((r) => r !== null);
  const stats = await resultStats(prisma, id, from, to);
  return { probeId: id, from: new Date(from).toISOString(), to: new Date(to).toISOString(), truncated, everyMs, stats, results };
}

/**
 * A long range at a short interval holds more checks than a chart can use (24 h at 5 s: 17,280):
 * the first check of each `everyMs` slot shows the timings, and every failed check is kept, so
 * no failure is thinned away. The newest `limit`.
 */
async function thinnedIds(prisma: PrismaClient, id: string, from: number, to: number, everyMs: number, limit: number): Promise<bigint[]> {
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM (
      SELECT DISTINCT ON (slot) id FROM (
        SELECT id, at, floor(extract(epoch FROM at) * 1000 / ${everyMs}::float8) AS slot FROM probe_results
        WHERE probe_id = ${id} AND at >= ${new Date(from)} AND at < ${new Date(to)} AND ok
      ) passed
      ORDER BY slot, at, id
    ) kept
    UNION
    SELECT id FROM probe_results WHERE probe_id = ${id} AND at >= ${new Date(from)} AND at < ${new Date(to)} AND NOT ok
    ORDER BY id DESC LIMIT ${limit}`;
  return rows.map((r) => BigInt(r.id));
}

/** Counts and percentiles of total time over every check of the range (what thinning or the limit leave out included). */
async function resultStats(prisma: PrismaClient, id: string, from: number, to: number): Promise<ProbeResultsAnswer["stats"]> {
  const [row] = await prisma.$queryRaw<{ checks: number; failed: number; p50: number | null; p95: number | null }[]>`
    SELECT count(*)::int AS checks, (count(*) FILTER (WHERE NOT ok))::int AS failed,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
           percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
    FROM probe_results WHERE probe_id = ${id} AND at >= ${new Date(from)} AND at < ${new Date(to)}`;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { checks: Number(row?.checks ?? 0), failed: Number(row?.failed ?? 0), p50Ms: num(row?.p50), p95Ms: num(row?.p95) };
}
