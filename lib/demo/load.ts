// Loads the demo day: generate it (CPU only, before any lock), then one transaction that checks
// the workspace, writes the demo's sources, backends, probes and events, and records the traffic
// and the probe results through the one road (lib/observations), in chunks so each statement
// stays a bulk write. All of it lands, or none of it.
import type { Database } from "@/lib/db/client";
import type { SqlQueryable } from "@/lib/db/sql";
import { AppError } from "@/lib/errors/app-error";
import { recordAuditSql } from "@/lib/audit/record";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors/parse";
import { recordRequestObservations } from "@/lib/observations/requests";
import { recordProbeResults, type ProbeRun } from "@/lib/observations/probes";
import { LoadDemoInput, type DemoLoaded } from "@/lib/demo/schemas";
import { demoProbeRuns } from "@/lib/demo/probes";
import { insertDemoRows, takenDemoNames } from "@/lib/demo/rows";
import { DEMO_BACKENDS, demoIncidents, demoTimeline } from "@/lib/demo/scenario";
import { demoStatus, hasOwnTraffic } from "@/lib/demo/status";
import { generateTraffic, type SourceTraffic } from "@/lib/demo/traffic";
import { evaluateDemoRules, insertDemoRules } from "@/lib/demo/rules";

/** Fixed, so a demo loaded in the same minute is the same day. */
export const DEMO_SEED = 20_261_121;
/** pg_advisory_xact_lock key: two loads (or a load and a removal) never interleave. */
export const DEMO_LOCK_KEY = 0x4f57_444d;

const BUCKETS_PER_WRITE = 2_000;
const SAMPLES_PER_WRITE = 2_000;
const PROBE_RESULTS_PER_WRITE = 5_000;

export const REMOVE_HINT = "Remove it first: “Remove demo data” in the banner, or `npx originwatch demo --remove`.";

export function assertMayManageDemo(actor: Actor): void {
  if (!can(actor, "demo.manage")) throw new AppError("forbidden", "Only admins and owners can load or remove demo data.");
}

async function assertLoadable(tx: SqlQueryable, input: LoadDemoInput): Promise<boolean> {
  const status = await demoStatus(tx);
  if (status.loaded) throw new AppError("conflict", `Demo data is already loaded. ${REMOVE_HINT}`);
  const taken = await takenDemoNames(tx);
  if (taken.length > 0) {
    throw new AppError("conflict", `The demo needs names your workspace already uses: ${taken.join(", ")}. Rename those first, or try the demo in an empty installation.`);
  }
  const ownTraffic = await hasOwnTraffic(tx);
  if (ownTraffic && !input.alongsideRealData) {
    throw new AppError(
      "conflict",
      "This workspace already has traffic of its own; demo data is meant for an empty one. To add it anyway (it stays marked and removable), send alongsideRealData: true or run `npx originwatch demo`.",
    );
  }
  return ownTraffic;
}

async function recordTraffic(tx: SqlQueryable, sourceId: string, traffic: SourceTraffic): Promise<void> {
  const writes = Math.max(Math.ceil(traffic.buckets.length / BUCKETS_PER_WRITE), Math.ceil(traffic.samples.length / SAMPLES_PER_WRITE));
  for (let i = 0; i < writes; i++) {
    await recordRequestObservations(tx, {
      sourceId,
      buckets: traffic.buckets.slice(i * BUCKETS_PER_WRITE, (i + 1) * BUCKETS_PER_WRITE),
      samples: traffic.samples.slice(i * SAMPLES_PER_WRITE, (i + 1) * SAMPLES_PER_WRITE),
      corrections: [],
    });
  }
}

async function recordProbes(tx: SqlQueryable, runs: ProbeRun[]): Promise<number> {
  let transitions = 0;
  for (let i = 0; i < runs.length; i += PROBE_RESULTS_PER_WRITE) {
    const out = await recordProbeResults(tx, runs.slice(i, i + PROBE_RESULTS_PER_WRITE));
    transitions += out.transitions.length;
  }
  return transitions;
}

export async function loadDemo(db: Database, actor: Actor, raw: unknown, nowMs = Date.now()): Promise<DemoLoaded> {
  assertMayManageDemo(actor);
  const input = parseInput(LoadDemoInput, raw ?? {});
  const started = performance.now();
  // Refuse before spending seconds on generating; asked again under the lock, where it counts.
  await assertLoadable(db.sql, input);
  const timeline = demoTimeline(nowMs);
  const traffic = generateTraffic(timeline, DEMO_SEED);

  const loaded = await db.sql.transaction(async (tx) => {
    // Telemetry-grade writes: a crash mid-commit just means loading the demo again.
    await tx.query("SET LOCAL synchronous_commit = off");
    await tx.query("SELECT pg_advisory_xact_lock($1)", [DEMO_LOCK_KEY]);
    const alongsideRealData = await assertLoadable(tx, input);
    const rows = await insertDemoRows(tx, timeline, nowMs);
    const ruleIds = await insertDemoRules(tx);
    for (const t of traffic) await recordTraffic(tx, rows.sourceIds.get(t.source.key)!, t);
    const runs = demoProbeRuns(timeline, rows.probes, DEMO_SEED);
    const healthTransitions = await recordProbes(tx, runs);

    const requests = traffic.reduce((n, t) => n + t.requests, 0);
    const serverErrors = traffic.reduce((n, t) => n + t.serverErrors, 0);
    const samples = traffic.reduce((n, t) => n + t.samples.length, 0);
    const iso = (ms: number) => new Date(ms).toISOString();
    await recordAuditSql(tx, actor, "demo.load", undefined, { requests, serverErrors, probeResults: runs.length, alongsideRealData });
    return {
      from: iso(timeline.startMs),
      to: iso(timeline.endMs),
      sources: traffic.map((t) => ({ id: rows.sourceIds.get(t.source.key)!, name: t.source.name, kind: t.source.kind })),
      backends: DEMO_BACKENDS.map((b) => ({ id: rows.backendIds.get(b.name)!, name: b.name })),
      events: rows.events,
      requests,
      serverErrors,
      samples,
      probeResults: runs.length,
      healthTransitions,
      alongsideRealData,
      incidents: demoIncidents(timeline).map(({ fromMs, toMs, ...i }) => ({ ...i, from: iso(fromMs), to: iso(toMs) })),
      ruleIds,
    };
  });
  // After the day has committed: the rules read it through the rollups, as they read any data.
  const { ruleIds, ...answer } = loaded;
  await evaluateDemoRules(db, ruleIds, timeline, nowMs);
  return { ...answer, tookMs: Math.round(performance.now() - started) };
}
