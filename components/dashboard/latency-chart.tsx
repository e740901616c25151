"use client";
// Latency: one percentile per backend (the busiest few), or p50/p95/p99 of the one backend the
// view is filtered to. Log scale, so the proxy's first-byte timeout fits on the same axis: a line
// creeping up to it is the "backend_timeout is coming" warning.
import { ChartCard } from "@/components/charts/chart-card";
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import type { ChartReference, ChartSeries } from "@/components/charts/time-chart-types";
import { failureMarks } from "@/components/charts/failure-marks";
import { fileStamp, toCsv } from "@/components/charts/export";
import { formatDuration, formatMs } from "@/components/charts/format";
import { MAX_BACKEND_LINES, backendColors, backendLabel } from "@/components/charts/palette";
import { timeGrid, toRows } from "@/components/charts/rows";
import { useCharts } from "@/components/dashboard/overview-provider";
import { Segmented } from "@/components/dashboard/segmented";
import { PERCENTILES, zoomView, type Percentile } from "@/components/dashboard/view-state";

const ONE_BACKEND: Record<Percentile, { color: string; dashed?: boolean }> = {
  p50: { color: "var(--series-4)" },
  p95: { color: "var(--series-0)" },
  p99: { color: "var(--series-5)", dashed: true },
};

export function LatencyChart() {
  const { view, data, navigate } = useCharts();
  const first = data.latency[0]!.answer;
  const grid = timeGrid(first);

  let lines: Array<{ key: string; points: Array<[number, number | null]> } & ChartSeries>;
  let timeouts: Array<{ backend: string; ms: number; color: string }>;
  let subtitle: string;
  let hidden = 0;
  if (view.backend) {
    lines = data.latency.map(({ percentile, answer }) => ({
      key: percentile,
      label: percentile,
      points: answer.series[0]?.points ?? [],
      ...ONE_BACKEND[percentile],
    }));
    const b = data.backends.find((x) => x.name === view.backend);
    timeouts = b?.timeouts.firstByteMs ? [{ backend: b.name, ms: b.timeouts.firstByteMs, color: "var(--danger)" }] : [];
    subtitle = `p50, p95 and p99 response time of ${backendLabel(view.backend)} · log scale`;
  } else {
    // The busiest backends get a line each, in the page's colour for each backend.
    const traffic = (key: string) => data.summary.byBackend[key]?.total ?? 0;
    const colorOf = backendColors(Object.keys(data.summary.byBackend));
    // A backend that failed every request has no latency but keeps its place (and its marks).
    const withData = first.series.filter((s) => s.points.some(([, v]) => v !== null) || (s.failureDominated?.length ?? 0) > 0);
    const busiest = [...withData].sort((a, b) => traffic(b.key) - traffic(a.key)).slice(0, MAX_BACKEND_LINES);
    hidden = withData.length - busiest.length + (first.omitted ?? 0);
    lines = busiest
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((s) => ({ key: s.key, label: backendLabel(s.key), points: s.points, color: colorOf(s.key) }));
    timeouts = lines.flatMap((l) => {
      const ms = data.backends.find((b) => b.name === l.key)?.timeouts.firstByteMs;
      return ms ? [{ backend: l.label, ms, color: l.color }] : [];
    });
    subtitle = `${view.percentile} response time per backend · log scale`;
  }

  // One dashed line per distinct timeout, labelled with the backends it applies to (placed so
  // that close lines' labels do not collide: reference-labels.ts); the legend names them too.
  const byValue = new Map<number, typeof timeouts>();
  for (const t of timeouts) byValue.set(t.ms, [...(byValue.get(t.ms) ?? []), t]);
  const references: ChartReference[] = [...byValue.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ms, list]) => ({
      y: ms,
      label: `${list.map((t) => t.backend).join(", ")} timeout ${formatMs(ms)}`,
      color: list.length === 1 ? list[0]!.color : "var(--text-muted)",
    }));
  const named = references.map((r) => ({ ...r, name: `first-byte timeout: ${r.label}` }));

  // Buckets where most requests failed before reaching an origin: their latency counts only the
  // few answers an origin gave (or none), so the chart shades them instead of drawing a dip.
  const marks = failureMarks(
    view.backend ? [{ key: view.backend, label: backendLabel(view.backend), failureDominated: first.series[0]?.failureDominated }] : lines.map((l) => ({ key: l.key, label: l.label, failureDominated: first.series.find((s) => s.key === l.key)?.failureDominated })),
    first.stepMs,
  );

  const csv = () => ({
    filename: `origin-watch_latency_${view.backend ? "percentiles" : view.percentile}_${fileStamp(Date.parse(first.from))}_${fileStamp(Date.parse(first.to))}.csv`,
    content: toCsv(
      ["time", ...lines.map((l) => `${view.backend ? `${view.backend} ${l.key}` : `${l.key} ${view.percentile}`} (ms)`)],
      grid.map((t, i) => [new Date(t).toISOString(), ...lines.map((l) => l.points[i]?.[1] ?? null)]),
    ),
  });

  const anyData = lines.some((l) => l.points.some(([, v]) => v !== null));
  return (
    <ChartCard
      id="latency"
      title="Latency"
      subtitle={`${subtitle} · buckets of ${formatDuration(first.stepMs)}`}
      toolbar={
        view.backend ? null : (
          <Segmented
            label="Percentile"
            value={view.percentile}
            options={PERCENTILES.map((p) => ({ value: p, label: p }))}
            onChange={(v) => navigate({ ...view, percentile: PERCENTILES.find((p) => p === v) ?? "p95" })}
          />
        )
      }
      legend={[
        ...lines.map((l) => ({ key: l.key, label: l.label, color: l.color, dashed: l.dashed })),
        ...named.map((r) => ({ key: `ref-${r.y}`, label: r.name, color: r.color, dashed: true })),
      ]}
      csv={csv}
      pngName={`origin-watch_latency_${fileStamp(Date.parse(first.from))}.png`}
      empty={anyData ? null : "No timed requests in this range."}
      footer={hidden > 0 ? <p className="field-hint">{hidden} quieter backends are not drawn: filter by backend to see one.</p> : null}
    >
      <LazyTimeChart
        title={subtitle}
        kind="lines"
        rows={toRows(
          grid,
          lines.map((l) => l.points),
        )}
        series={lines.map(({ label, color, dashed }) => ({ label, color, dashed }))}
        domain={[Date.parse(first.from), Date.parse(first.to)]}
        stepMs={first.stepMs}
        scale="log"
        formatAxis={formatMs}
        formatValue={formatMs}
        references={references}
        marks={marks}
        events={data.events}
        onZoom={(from, to) => navigate(zoomView(view, from, to), { push: true })}
      />
    </ChartCard>
  );
}
