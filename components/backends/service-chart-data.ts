// A database or cache probe's numbers over the probe history's range: which signals each kind
// charts (lock waits, long queries, connections against the limit; clients, memory against
// maxmemory, evictions), and the rows they are drawn from. Each row is a time bucket holding the
// highest reading in it: a lock wait seen once in a minute must not be averaged away. Pure, so it
// can be tested without a browser.
import type { ProbeResultView } from "@/lib/backends/probe-schemas";
import { valueKey, type ChartRow } from "@/components/charts/rows";

export interface SignalSeries {
  key: string;
  label: string;
  color: string;
  /** A limit (max_connections, maxmemory): drawn dashed. */
  dashed?: boolean;
}

export interface SignalPanel {
  id: string;
  title: string;
  unit: "count" | "bytes" | "perSecond";
  series: SignalSeries[];
}

const LIMIT = "var(--text-muted)";
const CONNECTIONS: SignalPanel = {
  id: "connections",
  title: "Connections vs max_connections",
  unit: "count",
  series: [
    { key: "connections", label: "connections", color: "var(--series-0)" },
    { key: "maxConnections", label: "max_connections", color: LIMIT, dashed: true },
  ],
};
const DATABASE_WAITS: SignalPanel = {
  id: "waits",
  title: "Lock waits and long queries",
  unit: "count",
  series: [
    { key: "lockWaits", label: "sessions waiting on a lock", color: "var(--series-1)" },
    { key: "longQueries", label: "long queries", color: "var(--series-3)" },
  ],
};
const EVICTIONS: SignalPanel = {
  id: "evictions",
  title: "Evictions per second",
  unit: "perSecond",
  series: [{ key: "evictionsPerSecond", label: "evictions/s", color: "var(--series-4)" }],
};

export const SERVICE_PANELS: Record<string, SignalPanel[] | undefined> = {
  postgres: [DATABASE_WAITS, CONNECTIONS],
  mysql: [DATABASE_WAITS, CONNECTIONS],
  redis: [
    {
      id: "clients",
      title: "Clients",
      unit: "count",
      series: [
        { key: "connectedClients", label: "connected clients", color: "var(--series-0)" },
        { key: "blockedClients", label: "blocked clients", color: "var(--series-1)" },
      ],
    },
    {
      id: "memory",
      title: "Memory vs maxmemory",
      unit: "bytes",
      series: [
        { key: "usedMemory", label: "used memory", color: "var(--series-2)" },
        { key: "maxMemory", label: "maxmemory", color: LIMIT, dashed: true },
      ],
    },
    EVICTIONS,
  ],
  memcached: [{ ...CONNECTIONS, title: "Connections vs limit", series: [CONNECTIONS.series[0]!, { ...CONNECTIONS.series[1]!, label: "limit (-c)" }] }, EVICTIONS],
};

const STEPS_MS = [10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/** The bucket size that keeps a range within `maxRows` rows. */
export function signalStepMs(from: number, to: number, maxRows = 360): number {
  return STEPS_MS.find((s) => (to - from) / s <= maxRows) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

/**
 * One row per bucket over [from, to), one value per series of the panel: the highest reading of
 * the checks in the bucket, null where no check read it (a failed check reads nothing), so the
 * line breaks there instead of claiming zero.
 */
export function signalRows(results: ProbeResultView[], panel: SignalPanel, from: number, to: number, stepMs: number): ChartRow[] {
  const start = Math.floor(from / stepMs) * stepMs;
  const rows: ChartRow[] = [];
  for (let t = start; t < to; t += stepMs) {
    const row: ChartRow = { t };
    panel.series.forEach((_, i) => (row[valueKey(i)] = null));
    rows.push(row);
  }
  for (const r of results) {
    const row = rows[Math.floor((Date.parse(r.at) - start) / stepMs)];
    if (!row || !r.signals) continue;
    panel.series.forEach((s, i) => {
      const v = r.signals?.[s.key];
      if (typeof v !== "number" || !Number.isFinite(v)) return;
      const had = row[valueKey(i)];
      row[valueKey(i)] = typeof had === "number" ? Math.max(had, v) : v;
    });
  }
  return rows;
}

/** Whether any check of the range read any of the panel's numbers. */
export function hasReadings(rows: ChartRow[], panel: SignalPanel): boolean {
  return rows.some((row) => panel.series.some((_, i) => typeof row[valueKey(i)] === "number"));
}
