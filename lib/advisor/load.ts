// Loads what the advisor compares: every backend whose proxy settings are known (imported), its
// request latency histogram over the period (rollup_hour, merged across sources) and its probes'
// check latency (probe_rollup_minute), then runs the pure findings (findings.ts).
import type { Database } from "@/lib/db/client";
import { ImportedProxySettings } from "@/lib/backends/import/types";
import { createHistogram, HISTOGRAM_LENGTH, type Histogram } from "@/lib/rollups/histogram";
import { adviseBackend, type Finding } from "./findings";

export const ADVISOR_PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;

function histogramOf(rows: { key: string; n: number }[]): Histogram {
  const h = createHistogram();
  for (const { key, n } of rows) {
    const i = Number(key);
    if (Number.isInteger(i) && i >= 0 && i < HISTOGRAM_LENGTH) h[i] += Number(n);
  }
  return h;
}

export interface AdvisorAnswer {
  periodDays: number;
  from: string;
  to: string;
  /** Backends whose settings were compared (imported ones). */
  backendsChecked: number;
  findings: Finding[];
}

export async function loadAdvice(db: Database, opts: { backendId?: string; nowMs?: number } = {}): Promise<AdvisorAnswer> {
  const to = opts.nowMs ?? Date.now();
  const from = to - ADVISOR_PERIOD_DAYS * DAY_MS;
  const backends = await db.prisma.backend.findMany({
    where: { origin: "imported", ...(opts.backendId ? { id: opts.backendId } : {}) },
    include: { probes: { where: { origin: "imported" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1 } },
    orderBy: { name: "asc" },
  });
  const findings: Finding[] = [];
  let checked = 0;
  for (const b of backends) {
    const settings = ImportedProxySettings.safeParse(b.proxySettings);
    if (!settings.success) continue;
    checked++;
    const requestRows = await db.sql.query<{ key: string; n: number }>(
      `SELECT e.key, sum(e.value::float8) AS n FROM rollup_hour r, jsonb_each_text(r.latency_hist) e
        WHERE r.backend = $1 AND r.bucket >= $2 AND r.bucket < $3 GROUP BY e.key`,
      [b.name, new Date(from), new Date(to)],
    );
    const probe = b.probes[0];
    const probeRows = probe
      ? await db.sql.query<{ key: string; n: number }>(
          `SELECT e.key, sum(e.value::float8) AS n FROM probe_rollup_minute r, jsonb_each_text(r.latency_hist) e
            WHERE r.probe_id = $1 AND r.bucket >= $2 AND r.bucket < $3 GROUP BY e.key`,
          [probe.id, new Date(from), new Date(to)],
        )
      : [];
    const s = settings.data;
    findings.push(
      ...adviseBackend({
        backendId: b.id,
        backendName: b.name,
        dialect: s.dialect,
        nginxModule: s.nginxModule,
        firstByteTimeoutMs: b.firstByteTimeoutMs,
        probe: probe ? { intervalMs: probe.intervalMs, timeoutMs: probe.timeoutMs, window: probe.window, threshold: probe.threshold, fall: s.fall, maxFails: s.maxFails } : null,
        requestLatency: histogramOf(requestRows),
        probeLatency: histogramOf(probeRows),
        periodDays: ADVISOR_PERIOD_DAYS,
      }),
    );
  }
  return { periodDays: ADVISOR_PERIOD_DAYS, from: new Date(from).toISOString(), to: new Date(to).toISOString(), backendsChecked: checked, findings };
}
