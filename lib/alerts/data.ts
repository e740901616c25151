// What rule evaluation reads, by EVENT time: window sums from the minute rollups (requests,
// 5xx, 503, and the status/cause/latency maps a kind asks for), the last minute with traffic,
// the backends' proxy timeouts, probe facts and capacity-probe signals. One query per kind of
// fact for a rule and all its instances. These are small typed reads of their own (not the
// chart helpers in lib/rollups/read.ts): a window here ends with the minute holding `at`.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgText } from "@/lib/db/text";
import type { RuleScope } from "@/lib/alerts/schemas";
import { type CapacitySample, type DataNeeds, type InstanceData, type ProbeFacts, type WindowTotals } from "@/lib/alerts/kinds/types";
import { CAPACITY_PROBE_KINDS } from "@/lib/alerts/kinds/capacity";
import type { SparseCounts } from "@/lib/rollups/sparse";
import { MINUTE_MS } from "@/lib/rollups/levels";
import { MAP_COLUMN, sumRowsSql } from "@/lib/alerts/sum-sql";


/** The minute bucket holding the instant just before `at`: an evaluation at 12:05:00 sees up to 12:04. */
export const lastMinuteOf = (at: number): number => Math.floor((at - 1) / MINUTE_MS) * MINUTE_MS;

/** Which rows a scope covers: rollups by backend name or source id; probes by backend row (the backtest reads with it too). */
export interface ScopeSql {
  /** Condition on a rollup_minute row aliased r ($1 = the scope value). */
  rollups: string;
  /** Condition on a backends row aliased b. */
  backends: string;
  value: string | null;
}

export function scopeSql(scope: RuleScope): ScopeSql {
  if (scope.backend !== undefined) return { rollups: "r.backend = $1", backends: "b.name = $1", value: scope.backend };
  if (scope.tag !== undefined) {
    return { rollups: "r.backend IN (SELECT name FROM backends WHERE $1 = ANY(tags))", backends: "$1 = ANY(b.tags)", value: scope.tag };
  }
  if (scope.source !== undefined) {
    // A source's backends are those its lines named within the last day.
    const sourceId = "(SELECT id FROM sources WHERE name = $1)";
    return {
      rollups: `r.source_id = ${sourceId}`,
      backends: `b.name IN (SELECT backend FROM rollup_hour WHERE source_id = ${sourceId} AND bucket > now() - interval '1 day')`,
      value: scope.source,
    };
  }
  return { rollups: "$1::text IS NULL", backends: "$1::text IS NULL", value: null };
}

export interface ReadRequest {
  scope: RuleScope;
  needs: DataNeeds;
  /** Event time of the evaluation. */
  at: number;
  /** Only these instances (backends), e.g. the ones a batch touched; absent: every one in scope. */
  only?: string[];
}

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const counts = (v: unknown): SparseCounts => (v && typeof v === "object" ? (v as SparseCounts) : {});

async function readWindows(q: SqlQueryable, s: ScopeSql, r: ReadRequest): Promise<Map<string, Map<number, WindowTotals>>> {
  const out = new Map<string, Map<number, WindowTotals>>();
  const seconds = [...new Set(r.needs.windows.map((w) => w.seconds))];
  if (seconds.length === 0) return out;
  const maps = r.needs.maps.map((m) => `, r.${MAP_COLUMN[m]}`).join("");
  const rows = await q.query<Record<string, unknown>>(
    sumRowsSql(
      `SELECT w.s AS seconds, r.backend, r.requests, r.errors_5xx, r.errors_503${maps}
       FROM unnest($2::int[]) AS w(s)
       JOIN rollup_minute r ON r.bucket >= to_timestamp(($3 - w.s * 1000.0 + 60000) / 1000.0) AND r.bucket <= to_timestamp($3 / 1000.0)
       WHERE (${s.rollups}) AND ($4::text[] IS NULL OR r.backend = ANY($4::text[]))`,
      ["seconds", "backend"],
      r.needs.maps,
    ),
    [s.value, seconds, lastMinuteOf(r.at), r.only?.map(pgText) ?? null],
  );
  for (const row of rows) {
    const backend = String(row.backend);
    const byWindow = out.get(backend) ?? new Map<number, WindowTotals>();
    out.set(backend, byWindow);
    byWindow.set(num(row.seconds), {
      requests: num(row.requests),
      errors5xx: num(row.e5),
      errors503: num(row.e503),
      statusCounts: counts(row.sc),
      causeCounts: counts(row.cc),
      latencyHist: counts(row.lh),
    });
  }
  return out;
}

/**
 * The last minute with requests per backend within the lookback. Hour rows find the last busy
 * hour (a week is 168 rows per backend, not 10,080); minute rows of that hour give the minute.
 */
export async function readLastSeen(q: SqlQueryable, s: ScopeSql, r: ReadRequest): Promise<Map<string, number>> {
  if (!r.needs.lastSeenLookback) return new Map();
  const last = lastMinuteOf(r.at);
  const rows = await q.query<{ backend: string; ms: number | null }>(
    `WITH hours AS (
       SELECT r.backend, max(r.bucket) AS hour FROM rollup_hour r
       WHERE r.bucket > to_timestamp(($2 - $3 * 1000.0 - 3600000) / 1000.0) AND r.bucket <= to_timestamp($2 / 1000.0) AND r.requests > 0
         AND (${s.rollups}) AND ($4::text[] IS NULL OR r.backend = ANY($4::text[]))
       GROUP BY r.backend)
     SELECT h.backend, (SELECT extract(epoch FROM max(r.bucket)) * 1000 FROM rollup_minute r
                        WHERE r.backend = h.backend AND r.bucket >= h.hour AND r.bucket < h.hour + interval '1 hour'
                          AND r.bucket > to_timestamp(($2 - $3 * 1000.0) / 1000.0) AND r.bucket <= to_timestamp($2 / 1000.0)
                          AND r.requests > 0 AND (${s.rollups})) AS ms
     FROM hours h`,
    [s.value, last, r.needs.lastSeenLookback.seconds, r.only?.map(pgText) ?? null],
  );
  // Traffic counts until the end of its minute (or `at`, inside the current one).
  return new Map(rows.filter((row) => row.ms !== null).map((row) => [row.backend, Math.min(Number(row.ms) + MINUTE_MS, r.at)]));
}

export interface BackendRow {
  name: string;
  connectMs: number | null;
  firstByteMs: number | null;
  betweenBytesMs: number | null;
}

export async function readBackends(q: SqlQueryable, names: string[]): Promise<Map<string, BackendRow>> {
  if (names.length === 0) return new Map();
  const rows = await q.query<BackendRow>(
    `SELECT name, connect_timeout_ms AS "connectMs", first_byte_timeout_ms AS "firstByteMs", between_bytes_timeout_ms AS "betweenBytesMs"
     FROM backends WHERE name = ANY($1::text[])`,
    [names.map(pgText)],
  );
  return new Map(rows.map((row) => [row.name, row]));
}

export async function readProbes(q: SqlQueryable, s: ScopeSql, r: ReadRequest): Promise<Map<string, ProbeFacts[]>> {
  const out = new Map<string, ProbeFacts[]>();
  if (r.needs.probeResults === undefined) return out;
  const rows = await q.query<{ backend: string; id: string; kind: string; health: string; sick: number | null; last: number | null; recent: boolean[] | null }>(
    `SELECT b.name AS backend, p.id, p.kind, p.health,
            CASE WHEN p.health = 'sick' THEN extract(epoch FROM coalesce(
              (SELECT max(t.at) FROM health_transitions t WHERE t.probe_id = p.id AND t.to_state = 'sick'), p.created_at)) * 1000 END AS sick,
            (SELECT extract(epoch FROM max(pr.at)) * 1000 FROM probe_results pr WHERE pr.probe_id = p.id AND pr.at <= to_timestamp($2 / 1000.0)) AS last,
            (SELECT array_agg(x.ok ORDER BY x.at, x.id) FROM (
               SELECT pr.ok, pr.at, pr.id FROM probe_results pr WHERE pr.probe_id = p.id AND pr.at <= to_timestamp($2 / 1000.0)
               ORDER BY pr.at DESC, pr.id DESC LIMIT $3) x) AS recent
     FROM probes p JOIN backends b ON b.id = p.backend_id
     WHERE p.enabled AND (${s.backends}) AND ($4::text[] IS NULL OR b.name = ANY($4::text[]))`,
    [s.value, r.at, r.needs.probeResults, r.only?.map(pgText) ?? null],
  );
  for (const row of rows) {
    const list = out.get(row.backend) ?? [];
    out.set(row.backend, list);
    const health = row.health === "sick" || row.health === "healthy" ? row.health : "unknown";
    list.push({
      probeId: row.id,
      kind: row.kind,
      health,
      sickSince: row.sick === null ? null : Number(row.sick),
      lastCheckAt: row.last === null ? null : Number(row.last),
      recent: row.recent ?? [],
    });
  }
  return out;
}

export async function readCapacity(q: SqlQueryable, s: ScopeSql, r: ReadRequest): Promise<Map<string, CapacitySample[]>> {
  const out = new Map<string, CapacitySample[]>();
  if (r.needs.capacityWindow === undefined) return out;
  const rows = await q.query<{ backend: string; kind: string; at: number; signals: CapacitySample["signals"] }>(
    `SELECT b.name AS backend, p.kind, extract(epoch FROM pr.at) * 1000 AS at, pr.signals
     FROM probes p JOIN backends b ON b.id = p.backend_id
     JOIN probe_results pr ON pr.probe_id = p.id AND pr.at > to_timestamp(($2 - $3 * 1000.0) / 1000.0) AND pr.at <= to_timestamp($2 / 1000.0)
     WHERE p.enabled AND p.kind = ANY($4::text[]) AND pr.signals IS NOT NULL AND (${s.backends})
       AND ($5::text[] IS NULL OR b.name = ANY($5::text[]))`,
    [s.value, r.at, r.needs.capacityWindow, [...CAPACITY_PROBE_KINDS], r.only?.map(pgText) ?? null],
  );
  for (const row of rows) {
    const list = out.get(row.backend) ?? [];
    out.set(row.backend, list);
    list.push({ at: Number(row.at), probeKind: row.kind, signals: row.signals });
  }
  return out;
}

/**
 * Instance data for a rule, keyed by instance (backend name). Instances are the backends the
 * data names (traffic or probes, as the kind says), plus `known` ones (instances with stored
 * state, so they can resolve or go nodata when their data stops).
 */
export async function readRuleData(q: SqlQueryable, r: ReadRequest, known: string[] = []): Promise<Map<string, InstanceData>> {
  const s = scopeSql(r.scope);
  const [windows, lastSeen, probes, capacity] = [
    await readWindows(q, s, r),
    await readLastSeen(q, s, r),
    await readProbes(q, s, r),
    await readCapacity(q, s, r),
  ];
  const keys = instanceKeys(r, { windows, lastSeen, probes, capacity }, known);
  const timeouts = r.needs.timeouts ? await readBackends(q, [...keys]) : new Map<string, BackendRow>();
  return assemble(keys, { windows, lastSeen, probes, capacity }, timeouts);
}

export interface ReadFacts {
  windows: Map<string, Map<number, WindowTotals>>;
  lastSeen: Map<string, number>;
  probes: Map<string, ProbeFacts[]>;
  capacity: Map<string, CapacitySample[]>;
}

/**
 * A rule's instances: the backends its data names (traffic or probes, as the kind says), its
 * scope's backend, and `known` ones (stored state, so they can resolve or go nodata).
 */
export function instanceKeys(r: Pick<ReadRequest, "scope" | "needs" | "only">, f: ReadFacts, known: string[]): Set<string> {
  const keys = new Set(r.needs.instancesFrom === "probes" ? [...f.probes.keys(), ...f.capacity.keys()] : [...f.windows.keys(), ...f.lastSeen.keys()]);
  if (r.scope.backend !== undefined) keys.add(r.scope.backend);
  for (const k of known) keys.add(k);
  if (r.only) for (const k of [...keys]) if (!r.only.includes(k)) keys.delete(k);
  return keys;
}

export function assemble(keys: Set<string>, f: ReadFacts, timeouts: Map<string, BackendRow>): Map<string, InstanceData> {
  const { windows, lastSeen, probes, capacity } = f;
  const out = new Map<string, InstanceData>();
  for (const key of keys) {
    const b = timeouts.get(key);
    out.set(key, {
      windows: windows.get(key) ?? new Map<number, WindowTotals>(),
      lastRequestAt: lastSeen.get(key) ?? null,
      timeouts: { connectMs: b?.connectMs ?? null, firstByteMs: b?.firstByteMs ?? null, betweenBytesMs: b?.betweenBytesMs ?? null },
      probes: probes.get(key) ?? [],
      capacity: capacity.get(key) ?? [],
    });
  }
  return out;
}

