"use client";
// The backend's 5xx rate and p95 latency over the incident window, with the timeline's alert,
// deploy and step entries as markers (the chart's event markers).
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import type { ChartRow } from "@/components/charts/rows";
import type { EventView } from "@/lib/events/schemas";
import type { IncidentDetail } from "@/lib/incidents/schemas";

const MARKER_TYPE: Record<string, EventView["type"]> = { deploy: "deploy", purge: "purge", config: "config" };

export function IncidentCharts({ incident }: { incident: Pick<IncidentDetail, "chart" | "timeline" | "backends"> }) {
  const points = incident.chart.points.map((p) => ({ ...p, t: Date.parse(p.at) }));
  if (points.length === 0) return <p className="muted">No traffic recorded for this backend in the incident window.</p>;
  const domain: [number, number] = [points[0]!.t, points.at(-1)!.t + 60_000];
  const markers: EventView[] = incident.timeline
    .filter((e) => e.kind in MARKER_TYPE || e.kind === "opened" || e.kind === "resolved" || e.kind === "step_verified")
    .map((e, i) => ({ id: `m${i}`, type: MARKER_TYPE[e.kind] ?? "note", title: e.message, at: e.at, backend: incident.backends[0] ?? null, sourceId: null, demo: false }));
  const rateRows: ChartRow[] = points.map((p) => ({ t: p.t, v0: p.requests === 0 ? null : (p.errors5xx / p.requests) * 100 }));
  const latencyRows: ChartRow[] = points.map((p) => ({ t: p.t, v0: p.p95Ms }));
  const timeout = incident.chart.timeoutMs;
  return (
    <>
      <LazyTimeChart
        title="5xx rate"
        kind="lines"
        rows={rateRows}
        series={[{ label: "5xx %", color: "var(--status-5xx)" }]}
        domain={domain}
        stepMs={60_000}
        formatAxis={(v) => `${Math.round(v)} %`}
        formatValue={(v) => `${v.toFixed(1)} %`}
        events={markers}
        height={180}
      />
      <LazyTimeChart
        title="p95 latency"
        kind="lines"
        rows={latencyRows}
        series={[{ label: "p95", color: "var(--series-0)" }]}
        domain={domain}
        stepMs={60_000}
        formatAxis={(v) => `${Math.round(v)} ms`}
        formatValue={(v) => `${Math.round(v)} ms`}
        references={timeout === null ? [] : [{ y: timeout, label: "proxy timeout", color: "var(--danger)" }]}
        events={markers}
        height={180}
      />
    </>
  );
}
