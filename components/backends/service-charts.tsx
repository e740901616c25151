"use client";
// A database or cache probe's numbers over the probe history's range, under its check times and
// on the same time axis: drawn from the same results answer (thinned for long ranges), so the
// spike in latency and the lock waits behind it line up.
import { ChartCard } from "@/components/charts/chart-card";
import { fileStamp, toCsv } from "@/components/charts/export";
import { formatCompact, formatCount, trimNumber } from "@/components/charts/format";
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import { valueKey } from "@/components/charts/rows";
import { hasReadings, SERVICE_PANELS, signalRows, signalStepMs, type SignalPanel } from "@/components/backends/service-chart-data";
import type { ProbeResultView } from "@/lib/backends/probe-schemas";

const HEIGHT = 160;
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${trimNumber(v)} ${UNITS[u]}`;
}

const AXIS: Record<SignalPanel["unit"], (v: number) => string> = { count: formatCompact, bytes: formatBytes, perSecond: (v) => `${trimNumber(v)}/s` };
const VALUE: Record<SignalPanel["unit"], (v: number) => string> = { count: formatCount, bytes: formatBytes, perSecond: (v) => `${trimNumber(v)} per second` };

interface Props {
  kind: string;
  results: ProbeResultView[];
  domain: [number, number];
  /** The probe's target, for titles and file names. */
  target: string;
}

export function ServiceCharts({ kind, results, domain, target }: Props) {
  const panels = SERVICE_PANELS[kind];
  if (!panels) return null;
  const stepMs = signalStepMs(domain[0], domain[1]);
  return (
    <div data-testid="service-charts">
      {panels.map((panel) => {
        const rows = signalRows(results, panel, domain[0], domain[1], stepMs);
        const csv = () => ({
          filename: `origin-watch_${kind}_${panel.id}_${fileStamp(domain[0])}_${fileStamp(domain[1])}.csv`,
          content: toCsv(
            ["time", ...panel.series.map((s) => s.label)],
            rows.map((r) => [new Date(r.t).toISOString(), ...panel.series.map((_, i) => r[valueKey(i)] ?? null)]),
          ),
        });
        return (
          <ChartCard
            key={panel.id}
            id={`${kind}-${panel.id}`}
            title={panel.title}
            subtitle={`${target} · highest reading per ${stepMs / 1000} s`}
            legend={panel.series.map((s) => ({ key: s.key, label: s.label, color: s.color, dashed: s.dashed }))}
            csv={csv}
            pngName={`origin-watch_${kind}_${panel.id}_${fileStamp(domain[0])}.png`}
            empty={hasReadings(rows, panel) ? null : "No check in this range read these numbers."}
          >
            <LazyTimeChart
              title={`${panel.title}, ${target}`}
              kind="lines"
              rows={rows}
              series={panel.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))}
              domain={domain}
              stepMs={stepMs}
              formatAxis={AXIS[panel.unit]}
              formatValue={VALUE[panel.unit]}
              events={[]}
              height={HEIGHT}
            />
          </ChartCard>
        );
      })}
    </div>
  );
}
