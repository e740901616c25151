// What a backend leans on: its database and cache probes (postgres, mysql, redis, memcached) are
// its dependencies, named after the host they watch ("orders-db"). Their trouble is described in
// one sentence for the backend page, the overview's health table and incident timelines (#8 calls
// describeBackendDependencyTrouble), e.g. "3 sessions waiting on a lock for 40 s on orders-db".
import type { SqlQueryable } from "@/lib/db/sql";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { plural } from "@/lib/probes/capacity";
import { isServiceKind, parseServiceUrl, SERVICE_URLS } from "@/lib/probes/service/url";

export type DependencyState = "ok" | "trouble" | "down" | "auth_failed" | "unknown";

export interface Dependency {
  probeId: string;
  kind: string;
  /** The host the probe watches, e.g. "orders-db". */
  name: string;
  state: DependencyState;
  /** The sentence for this dependency's trouble, or null when it is fine (or unknown). */
  trouble: string | null;
  /** When the reading was taken (ISO-8601), null before the first check. */
  at: string | null;
}

interface ProbeLike {
  id: string;
  kind: string;
  config: unknown;
  enabled: boolean;
  lastResult: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function dependencyName(kind: string, config: unknown): string {
  const url = isObj(config) && typeof config.url === "string" ? config.url : "";
  if (!isServiceKind(kind)) return kind;
  const parsed = parseServiceUrl(url, SERVICE_URLS[kind].schemes, SERVICE_URLS[kind].port);
  return parsed.ok ? parsed.url.host : kind;
}

/** One dependency from its probe row; null for probes that are not database or cache probes. */
export function dependencyOf(probe: ProbeLike): Dependency | null {
  if (!isServiceKind(probe.kind) || !probe.enabled) return null;
  const name = dependencyName(probe.kind, probe.config);
  const base = { probeId: probe.id, kind: probe.kind, name };
  const result = probe.lastResult;
  if (!isObj(result) || typeof result.ok !== "boolean") return { ...base, state: "unknown", trouble: null, at: null };
  const at = typeof result.at === "number" ? new Date(result.at).toISOString() : null;
  if (!result.ok) {
    if (result.errorClass === "auth_failed") return { ...base, state: "auth_failed", trouble: `${name} refuses the probe's credentials`, at };
    const why = typeof result.errorClass === "string" ? ` (${result.errorClass})` : "";
    return { ...base, state: "down", trouble: `${name} is down${why}`, at };
  }
  const signals = isObj(result.signals) ? result.signals : {};
  if (signals.saturated !== true) return { ...base, state: "ok", trouble: null, at };
  return { ...base, state: "trouble", trouble: troubleSentence(name, signals, result.summary), at };
}

function troubleSentence(name: string, signals: Obj, summary: unknown): string {
  const parts: string[] = [];
  const lockWaits = num(signals.lockWaits);
  const wait = Math.round(num(signals.longestLockWaitSeconds));
  if (lockWaits > 0) parts.push(`${plural(lockWaits, "query", "queries")} waiting on a lock${wait > 0 ? ` for ${wait} s` : ""}`);
  const longQueries = num(signals.longQueries);
  const longest = Math.round(num(signals.longestQuerySeconds));
  if (longQueries > 0) parts.push(`${plural(longQueries, "query", "queries")} running${longest > 0 ? ` up to ${longest} s` : " long"}`);
  if (parts.length > 0) return `${parts.join(", ")} on ${name}`;
  // Caches (and database limits): the probe's own digest, which names the pressure.
  const digest = typeof summary === "string" ? summary.replace(/^[^:]+:\s*/, "") : "under pressure";
  return `${name}: ${digest}`;
}

export function dependenciesOf(probes: ProbeLike[]): Dependency[] {
  return probes.map(dependencyOf).filter((d): d is Dependency => d !== null);
}

/** The troubled dependencies in one sentence, or null when all are fine. */
export function describeDependencyTrouble(deps: Dependency[]): string | null {
  const troubled = deps.filter((d) => d.trouble !== null).map((d) => d.trouble!);
  return troubled.length > 0 ? troubled.join("; ") : null;
}

const isDatabase = (d: Dependency) => d.kind === "postgres" || d.kind === "mysql";

/** A database dependency in trouble: a backend_timeout incident should show the database checklist first. */
export function databaseFirst(deps: Dependency[]): boolean {
  return deps.some((d) => isDatabase(d) && d.state !== "ok" && d.state !== "unknown");
}

/**
 * For incidents (#8): the sentence for a backend's dependency trouble right now, or null. Reads the
 * probes' latest results only (no I/O to the databases).
 */
export async function describeBackendDependencyTrouble(prisma: Pick<PrismaClient, "probe">, backendId: string): Promise<string | null> {
  const probes = await prisma.probe.findMany({
    where: { backendId, enabled: true, kind: { in: Object.keys(SERVICE_URLS) } },
    select: { id: true, kind: true, config: true, enabled: true, lastResult: true },
    orderBy: { createdAt: "asc" },
  });
  return describeDependencyTrouble(dependenciesOf(probes));
}

/** A dependency's trouble as it was first seen in a window: its reading, stamped with its time. */
export interface DependencyTroubleSeen extends Dependency {
  at: string;
  trouble: string;
}

/**
 * For incidents (#8): each dependency's first troubled reading (down, refused credentials, or over
 * a threshold) in [from, to], oldest first. Read from the stored probe results rather than the
 * latest one, so a closed incident still tells what its databases were doing at the time.
 */
export async function dependencyTroubleBetween(q: SqlQueryable, backend: string, from: number, to: number): Promise<DependencyTroubleSeen[]> {
  const rows = await q.query<{ id: string; kind: string; config: unknown; at: number; ok: boolean; errorClass: string | null; signals: unknown; summary: string | null }>(
    `SELECT DISTINCT ON (r.probe_id) r.probe_id AS id, p.kind, p.config, extract(epoch FROM r.at) * 1000 AS at, r.ok,
       r.error_class AS "errorClass", r.signals, r.summary
     FROM probe_results r JOIN probes p ON p.id = r.probe_id JOIN backends b ON b.id = p.backend_id
     WHERE b.name = $1 AND p.kind = ANY($2::text[]) AND r.at >= to_timestamp($3 / 1000.0) AND r.at <= to_timestamp($4 / 1000.0)
       AND (NOT r.ok OR r.signals->>'saturated' = 'true')
     ORDER BY r.probe_id, r.at, r.id`,
    [backend, Object.keys(SERVICE_URLS), from, to],
  );
  const seen = rows.map((r) => {
    const lastResult = { ok: r.ok, at: Number(r.at), errorClass: r.errorClass ?? undefined, signals: r.signals, summary: r.summary };
    // A probe paused since still tells what it saw then.
    return dependencyOf({ id: r.id, kind: r.kind, config: r.config, enabled: true, lastResult });
  });
  return seen.filter((d): d is DependencyTroubleSeen => d !== null && d.trouble !== null && d.at !== null).sort((a, b) => a.at.localeCompare(b.at));
}

/** The database trouble among `seen` in one sentence (what puts the database checklist first), or null. */
export function databaseTrouble(seen: Dependency[]): string | null {
  return databaseFirst(seen) ? describeDependencyTrouble(seen.filter(isDatabase)) : null;
}
