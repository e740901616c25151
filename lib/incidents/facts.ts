// What an incident's page and checklists are derived from, read from the rollups (never raw
// rows), events, probes and health transitions over the incident's window.
import type { SqlQueryable } from "@/lib/db/sql";
import { quantile } from "@/lib/rollups/histogram";
import { addCounts, toDense, type SparseCounts } from "@/lib/rollups/sparse";
import type { IncidentFacts } from "@/lib/incidents/checklists/choose";
import type { Stack } from "@/lib/incidents/checklists/types";
import { causeMix } from "@/lib/incidents/evidence";
import { hitRatioOf } from "@/lib/rollups/cache-collapse";
import { databaseTrouble, dependencyTroubleBetween, type DependencyTroubleSeen } from "@/lib/backends/dependencies";
import { MINUTE_MS } from "@/lib/rollups/levels";

/** Deploys, purges and config changes this long before the first bad minute are suspects. */
export const EVENTS_BEFORE_MS = 30 * MINUTE_MS;
/** Latency past this fraction of the proxy's timeout is "near the timeout". */
export const NEAR_TIMEOUT = 0.8;

export interface MinutePoint {
  at: number;
  requests: number;
  errors5xx: number;
  causes: SparseCounts;
  p95Ms: number | null;
  /** Cache hits / (hits + origin fetches); null when the proxy reported no cache status. */
  hitRatio: number | null;
}

export interface IncidentEventRow {
  type: string;
  title: string;
  at: number;
}

export interface HealthRow {
  at: number;
  kind: string;
  from: string;
  to: string;
}

export interface IncidentWindow {
  backend: string;
  firstBadAt: number;
  /** The end of the window: resolution, or now while the incident is open. */
  until: number;
}

/** The backend's minutes over [from, to], summed over sources, with p95 latency. */
export async function minuteSeries(q: SqlQueryable, backend: string, from: number, to: number): Promise<MinutePoint[]> {
  const rows = await q.query<{ at: number; requests: string; errors: string; causes: SparseCounts; hist: SparseCounts; handling: SparseCounts }>(
    `SELECT extract(epoch FROM bucket) * 1000 AS at, requests, errors_5xx AS errors, cause_counts AS causes, latency_hist AS hist,
            handling_counts AS handling
     FROM rollup_minute WHERE backend = $1 AND bucket >= to_timestamp($2 / 1000.0) AND bucket <= to_timestamp($3 / 1000.0) ORDER BY bucket`,
    [backend, Math.floor(from / MINUTE_MS) * MINUTE_MS, to],
  );
  const byMinute = new Map<number, { requests: number; errors5xx: number; causes: SparseCounts; hist: SparseCounts; handling: SparseCounts }>();
  for (const r of rows) {
    const at = Number(r.at);
    const m = byMinute.get(at) ?? { requests: 0, errors5xx: 0, causes: {}, hist: {}, handling: {} };
    m.requests += Number(r.requests);
    m.errors5xx += Number(r.errors);
    addCounts(m.causes, r.causes);
    addCounts(m.hist, r.hist);
    addCounts(m.handling, r.handling);
    byMinute.set(at, m);
  }
  return [...byMinute].map(([at, m]) => ({ at, requests: m.requests, errors5xx: m.errors5xx, causes: m.causes, p95Ms: quantile(toDense(m.hist), 0.95), hitRatio: hitRatioOf(m.handling) }));
}

export async function eventsAround(q: SqlQueryable, w: IncidentWindow): Promise<IncidentEventRow[]> {
  return (await eventsAroundMany(q, [w], () => "")).get("") ?? [];
}

/** eventsAround for many windows in one read, keyed by `key(window)`. */
export async function eventsAroundMany<K>(q: SqlQueryable, windows: IncidentWindow[], key: (w: IncidentWindow) => K): Promise<Map<K, IncidentEventRow[]>> {
  const out = new Map<K, IncidentEventRow[]>(windows.map((w) => [key(w), []]));
  if (windows.length === 0) return out;
  const rows = await q.query<{ n: string; type: string; title: string; at: number }>(
    `SELECT w.n, e.type, e.title, extract(epoch FROM e.at) * 1000 AS at
     FROM unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS w(backend, since, until, n)
     CROSS JOIN LATERAL (SELECT type, title, at FROM events
       WHERE (backend IS NULL OR backend = w.backend) AND at >= to_timestamp(w.since / 1000.0) AND at <= to_timestamp(w.until / 1000.0) ORDER BY at LIMIT 200) e
     ORDER BY w.n, e.at`,
    [windows.map((w) => w.backend), windows.map((w) => w.firstBadAt - EVENTS_BEFORE_MS), windows.map((w) => w.until)],
  );
  for (const r of rows) out.get(key(windows[Number(r.n) - 1]!))!.push({ type: r.type, title: r.title, at: Number(r.at) });
  return out;
}

export async function healthAround(q: SqlQueryable, w: IncidentWindow): Promise<HealthRow[]> {
  const rows = await q.query<{ at: number; kind: string; from: string; to: string }>(
    `SELECT extract(epoch FROM h.at) * 1000 AS at, p.kind, h.from_state AS "from", h.to_state AS "to"
     FROM health_transitions h JOIN probes p ON p.id = h.probe_id JOIN backends b ON b.id = h.backend_id
     WHERE b.name = $1 AND h.at >= to_timestamp($2 / 1000.0) AND h.at <= to_timestamp($3 / 1000.0) ORDER BY h.at LIMIT 500`,
    [w.backend, w.firstBadAt - EVENTS_BEFORE_MS, w.until],
  );
  return rows.map((r) => ({ ...r, at: Number(r.at) }));
}

export async function backendTimeoutMs(q: SqlQueryable, backend: string): Promise<number | null> {
  const rows = await q.query<{ ms: number | null }>(`SELECT first_byte_timeout_ms AS ms FROM backends WHERE name = $1`, [backend]);
  return rows[0]?.ms ?? null;
}

const PROBE_STACK: Record<string, Stack | undefined> = { phpfpm: "phpfpm", nginx_status: "nginx", varnish_stats: "varnish", haproxy_stats: "haproxy" };
const PROXY_STACK: Record<string, Stack | undefined> = { varnish: "varnish", nginx: "nginx", haproxy: "haproxy", envoy: "envoy" };

/** The proxies that reported the backend and the software its probes watch; the app and database always. */
export async function stacksOf(q: SqlQueryable, w: IncidentWindow): Promise<Stack[]> {
  const rows = await q.query<{ kind: string; probe: boolean }>(
    `SELECT DISTINCT s.kind, false AS probe FROM rollup_minute r JOIN sources s ON s.id = r.source_id
     WHERE r.backend = $1 AND r.bucket >= to_timestamp($2 / 1000.0) AND r.bucket <= to_timestamp($3 / 1000.0)
     UNION SELECT DISTINCT p.kind, true FROM probes p JOIN backends b ON b.id = p.backend_id WHERE b.name = $1`,
    [w.backend, w.firstBadAt - 5 * MINUTE_MS, w.until],
  );
  const out = new Set<Stack>();
  for (const r of rows) {
    const s = r.probe ? PROBE_STACK[r.kind] : PROXY_STACK[r.kind];
    if (s) out.add(s);
  }
  return [...out, "app", "db"];
}

export async function probeDown(q: SqlQueryable, backend: string): Promise<boolean> {
  return (await sickBackends(q, [backend])).has(backend);
}

/** Which of these backends have an enabled probe that is sick. */
export async function sickBackends(q: SqlQueryable, backends: string[]): Promise<Set<string>> {
  if (backends.length === 0) return new Set();
  const rows = await q.query<{ name: string }>(
    `SELECT DISTINCT b.name FROM probes p JOIN backends b ON b.id = p.backend_id WHERE b.name = ANY($1::text[]) AND p.enabled AND p.health = 'sick'`,
    [backends],
  );
  return new Set(rows.map((r) => r.name));
}

/** Everything the checklists are chosen from. */
export async function incidentFacts(q: SqlQueryable, w: IncidentWindow): Promise<IncidentFacts & { series: MinutePoint[]; events: IncidentEventRow[]; health: HealthRow[]; timeoutMs: number | null; dependencies: DependencyTroubleSeen[] }> {
  const [series, events, health, timeoutMs, stacks, causes, down, dependencies] = [
    await minuteSeries(q, w.backend, w.firstBadAt - EVENTS_BEFORE_MS, w.until),
    await eventsAround(q, w),
    await healthAround(q, w),
    await backendTimeoutMs(q, w.backend),
    await stacksOf(q, w),
    await causeMix(q, w.backend, w.firstBadAt, w.until + MINUTE_MS),
    await probeDown(q, w.backend),
    await dependencyTroubleBetween(q, w.backend, w.firstBadAt - EVENTS_BEFORE_MS, w.until),
  ];
  const before = (type: string) => {
    const e = events.filter((x) => x.type === type && x.at <= w.firstBadAt + MINUTE_MS && x.at >= w.firstBadAt - EVENTS_BEFORE_MS).at(-1);
    return e ? { title: e.title, at: e.at } : null;
  };
  const during = series.filter((p) => p.at >= w.firstBadAt);
  const peak = Math.max(0, ...during.map((p) => p.p95Ms ?? 0));
  const near = timeoutMs !== null && peak >= NEAR_TIMEOUT * timeoutMs ? { p95Ms: peak, timeoutMs } : null;
  const wentDown = health.some((h) => h.to === "sick" && h.at >= w.firstBadAt - 5 * MINUTE_MS);
  return {
    firstBadAt: w.firstBadAt,
    causes,
    deployBefore: before("deploy"),
    purgeBefore: before("purge"),
    latencyNearTimeout: near,
    probeDown: down || wentDown,
    stacks,
    databaseTrouble: databaseTrouble(dependencies),
    dependencies,
    series,
    events,
    health,
    timeoutMs,
  };
}
