// The demo's configuration rows: sources, backends with their timeouts, one HTTP probe each, and
// the deploy/purge/note markers. All carry demo = true, which is what removal deletes by.
import { randomUUID } from "node:crypto";
import type { SqlQueryable } from "@/lib/db/sql";
import { pgJson } from "@/lib/db/text";
import { displayPrefix, hashSecret, newSecret } from "@/lib/auth/secrets";
import { SOURCE_TOKEN_PREFIX } from "@/lib/sources/sources";
import { checkProbeDefinition } from "@/lib/backends/probe-input";
import { newProbeData } from "@/lib/backends/probe-state";
import { DEMO_PROBE, type DemoProbe } from "@/lib/demo/probes";
import { DEMO_BACKENDS, DEMO_SOURCES, type DemoSourceKey, type DemoTimeline } from "@/lib/demo/scenario";

export interface DemoRows {
  sourceIds: Map<DemoSourceKey, string>;
  backendIds: Map<string, string>;
  probes: DemoProbe[];
  events: number;
}

async function insertSources(tx: SqlQueryable, lastIngestMs: number): Promise<Map<DemoSourceKey, string>> {
  const ids = new Map<DemoSourceKey, string>();
  for (const s of DEMO_SOURCES) {
    const id = randomUUID();
    // A token nobody is shown: demo sources never receive lines.
    const token = newSecret(SOURCE_TOKEN_PREFIX);
    await tx.query(
      `INSERT INTO sources (id, name, kind, format, default_backend, token_hash, token_prefix, demo, updated_at, last_ingest_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, true, now(), to_timestamp($8::float8 / 1000))`,
      [id, s.name, s.kind, s.format, s.defaultBackend, hashSecret(token), displayPrefix(token), lastIngestMs],
    );
    ids.set(s.key, id);
  }
  return ids;
}

async function insertBackends(tx: SqlQueryable): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const b of DEMO_BACKENDS) {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO backends (id, name, address, tags, connect_timeout_ms, first_byte_timeout_ms, between_bytes_timeout_ms, origin, demo, updated_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, 'manual', true, now())`,
      [id, b.name, b.address, b.tags, b.timeouts.connectMs, b.timeouts.firstByteMs, b.timeouts.betweenBytesMs],
    );
    ids.set(b.name, id);
  }
  return ids;
}

/**
 * One HTTP probe per backend, validated like any probe. The scheduler never runs them (it skips
 * probes of demo backends, lib/probes/claims.ts): their results come from lib/demo/probes.ts.
 */
async function insertProbes(tx: SqlQueryable, backendIds: Map<string, string>, nowMs: number): Promise<DemoProbe[]> {
  const probes: DemoProbe[] = [];
  for (const b of DEMO_BACKENDS) {
    const def = checkProbeDefinition("http", { url: `http://${b.address}${b.probePath}` }, { ...DEMO_PROBE }, true);
    const data = newProbeData(def, nowMs);
    const id = randomUUID();
    await tx.query(
      `INSERT INTO probes (id, backend_id, kind, config, interval_ms, timeout_ms, "window", threshold, initial, enabled, origin,
                           health, health_state, next_run_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, 'manual', $11, $12::jsonb, $13::timestamptz, now())`,
      [
        id, backendIds.get(b.name), data.kind, pgJson(data.config), data.intervalMs, data.timeoutMs, data.window, data.threshold,
        data.initial, data.enabled, data.health, pgJson(data.healthState), data.nextRunAt.toISOString(),
      ],
    );
    probes.push({ id, backend: b });
  }
  return probes;
}

async function insertEvents(tx: SqlQueryable, timeline: DemoTimeline, sourceIds: Map<DemoSourceKey, string>): Promise<number> {
  const events = timeline.events;
  await tx.query(
    `INSERT INTO events (id, type, title, at, backend, source_id, demo)
     SELECT u.id, u.type, u.title, to_timestamp(u.at / 1000.0), u.backend, u.source_id, true
     FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[]) AS u(id, type, title, at, backend, source_id)`,
    [
      events.map(() => randomUUID()),
      events.map((e) => e.type),
      events.map((e) => e.title),
      events.map((e) => e.atMs),
      events.map((e) => e.backend),
      events.map((e) => (e.source ? (sourceIds.get(e.source) ?? null) : null)),
    ],
  );
  return events.length;
}

export async function insertDemoRows(tx: SqlQueryable, timeline: DemoTimeline, nowMs: number): Promise<DemoRows> {
  const sourceIds = await insertSources(tx, timeline.endMs);
  await adoptDiscoveredBackends(tx);
  const backendIds = await insertBackends(tx);
  const probes = await insertProbes(tx, backendIds, nowMs);
  const events = await insertEvents(tx, timeline, sourceIds);
  return { sourceIds, backendIds, probes, events };
}

const NAME_ONLY = "origin = 'discovered' AND NOT EXISTS (SELECT 1 FROM probes p WHERE p.backend_id = backends.id)";

/**
 * Names the demo needs that the workspace's own sources and backends already use. A backend only
 * discovered in logs (a name, no probes) does not count: the demo takes it over (see
 * adoptDiscoveredBackends), as creating a backend by hand does.
 */
export async function takenDemoNames(tx: SqlQueryable): Promise<string[]> {
  const rows = await tx.query<{ what: string; name: string }>(
    `SELECT 'source' AS what, name FROM sources WHERE name = ANY($1::text[])
     UNION ALL SELECT 'backend', name FROM backends WHERE name = ANY($2::text[]) AND NOT (${NAME_ONLY})
     ORDER BY 1, 2`,
    [DEMO_SOURCES.map((s) => s.name), DEMO_BACKENDS.map((b) => b.name)],
  );
  return rows.map((r) => `${r.what} "${r.name}"`);
}

/** Drops name-only discovered rows the demo's backends replace; removing the demo discovers them again. */
export async function adoptDiscoveredBackends(tx: SqlQueryable): Promise<void> {
  await tx.query(`DELETE FROM backends WHERE name = ANY($1::text[]) AND ${NAME_ONLY}`, [DEMO_BACKENDS.map((b) => b.name)]);
}
