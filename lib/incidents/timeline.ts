// The incident timeline: the stored entries (alert transitions, people's actions, verified
// steps) merged with entries derived from the data over the incident's window: probe health
// transitions, dependency trouble (database and cache probes), cause-mix changes, latency crossing
// 80 % of the proxy timeout, a collapse of the cache hit ratio before the first bad minute, and
// deploys, purges and config changes in the 30 minutes before and during. All stamped with event
// time, oldest first; each links to the charts zoomed to its time.
import type { DependencyTroubleSeen } from "@/lib/backends/dependencies";
import type { HealthRow, IncidentEventRow, MinutePoint } from "@/lib/incidents/facts";
import { NEAR_TIMEOUT } from "@/lib/incidents/facts";
import { formatDuration, formatPercent } from "@/lib/incidents/format";
import { findCacheCollapse } from "@/lib/rollups/cache-collapse";

export interface TimelineEntry {
  at: string;
  kind: string;
  message: string;
  data: Record<string, unknown>;
}

export interface StoredEntry {
  at: number;
  kind: string;
  message: string;
  data: Record<string, unknown>;
  actorName: string | null;
}

/** A cause's share of 5xx must move this much between minutes to be told. */
const MIX_STEP = 0.25;
/** Minutes with fewer 5xx say nothing reliable about the mix. */
const MIX_MIN_ERRORS = 5;
const ZOOM_MS = 10 * 60_000;

export function chartLink(backend: string, at: number): string {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + "Z";
  return `/?backend=${encodeURIComponent(backend)}&from=${iso(at - ZOOM_MS)}&to=${iso(at + ZOOM_MS)}`;
}

export function causeMixChanges(series: MinutePoint[], firstBadAt: number): Omit<StoredEntry, "actorName">[] {
  const out: Omit<StoredEntry, "actorName">[] = [];
  const told = new Map<string, number>();
  for (const p of series) {
    if (p.at < firstBadAt || p.errors5xx < MIX_MIN_ERRORS) continue;
    const total = Object.values(p.causes).reduce((s, n) => s + n, 0);
    if (total === 0) continue;
    const names = new Set([...Object.keys(p.causes), ...told.keys()]);
    for (const cause of [...names].sort()) {
      const share = (p.causes[cause] ?? 0) / total;
      const before = told.get(cause) ?? 0;
      if (Math.abs(share - before) < MIX_STEP) continue;
      told.set(cause, share);
      const verb = share > before ? "rose" : "fell";
      out.push({ at: p.at, kind: "cause_mix", message: `${cause} ${verb} from ${formatPercent(before)} to ${formatPercent(share)} of 5xx`, data: { cause, from: before, to: share } });
    }
  }
  return out;
}

export function latencyCrossings(series: MinutePoint[], timeoutMs: number | null, from: number): Omit<StoredEntry, "actorName">[] {
  if (timeoutMs === null) return [];
  const line = NEAR_TIMEOUT * timeoutMs;
  const out: Omit<StoredEntry, "actorName">[] = [];
  let above = false;
  for (const p of series) {
    if (p.at < from || p.p95Ms === null) continue;
    const now = p.p95Ms >= line;
    if (now === above) continue;
    above = now;
    out.push({
      at: p.at,
      kind: "latency",
      message: now
        ? `p95 latency ${Math.round(p.p95Ms)} ms passed ${formatPercent(NEAR_TIMEOUT)} of the ${timeoutMs} ms proxy timeout`
        : `p95 latency back to ${Math.round(p.p95Ms)} ms, under ${formatPercent(NEAR_TIMEOUT)} of the timeout`,
      data: { p95Ms: p.p95Ms, timeoutMs },
    });
  }
  return out;
}

/** A hit-ratio collapse in the 30 minutes before the first bad minute: the cold cache sent the crowd to the origin. */
export function cacheCollapseEntries(series: MinutePoint[], firstBadAt: number): Omit<StoredEntry, "actorName">[] {
  const collapse = findCacheCollapse(
    series.map((p) => [p.at, p.hitRatio] as const),
    firstBadAt,
    firstBadAt + 60_000,
  );
  if (!collapse) return [];
  return [
    {
      at: collapse.lowAt,
      kind: "cache",
      message: `cache hit ratio fell from ${formatPercent(collapse.high)} to ${formatPercent(collapse.low)}${collapse.lowAt <= firstBadAt ? `, ${formatDuration(firstBadAt - collapse.lowAt)} before the first bad minute` : ""}: every miss went to the origin`,
      data: { from: collapse.high, to: collapse.low, since: new Date(collapse.highAt).toISOString() },
    },
  ];
}

export function eventEntries(events: IncidentEventRow[], firstBadAt: number): Omit<StoredEntry, "actorName">[] {
  return events.map((e) => ({
    at: e.at,
    kind: e.type,
    message: e.at <= firstBadAt ? `${e.type} "${e.title}", ${formatDuration(firstBadAt - e.at)} before the first bad minute` : `${e.type} "${e.title}"`,
    data: { title: e.title },
  }));
}

export function healthEntries(health: HealthRow[]): Omit<StoredEntry, "actorName">[] {
  return health.map((h) => ({ at: h.at, kind: "health", message: `${h.kind} probe ${h.from} → ${h.to}`, data: { probe: h.kind, from: h.from, to: h.to } }));
}

/** A dependency's trouble, when its probe first saw it: "3 queries waiting on a lock for 40 s on orders-db". */
export function dependencyEntries(seen: DependencyTroubleSeen[]): Omit<StoredEntry, "actorName">[] {
  return seen.map((d) => ({ at: Date.parse(d.at), kind: "dependency", message: d.trouble, data: { dependency: d.name, probe: d.kind, state: d.state } }));
}

export function buildTimeline(backend: string, stored: StoredEntry[], derived: Omit<StoredEntry, "actorName">[]): TimelineEntry[] {
  const all = [
    ...stored.map((s) => ({ ...s, data: { ...s.data, ...(s.actorName ? { by: s.actorName } : {}) } })),
    ...derived,
  ];
  // A stable sort keeps stored entries (already in insertion order) before derived ones at the same time.
  all.sort((a, b) => a.at - b.at);
  return all.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.kind, message: e.message, data: { ...e.data, chart: chartLink(backend, e.at) } }));
}
