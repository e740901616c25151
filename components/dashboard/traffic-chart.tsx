"use client";
// Traffic: requests per minute, stacked by status class.
import { ChartCard } from "@/components/charts/chart-card";
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import { fileStamp, toCsv } from "@/components/charts/export";
import { formatCompact, formatCount, formatDuration, trimNumber } from "@/components/charts/format";
import { statusClassColor } from "@/components/charts/palette";
import { drawnPerMinute, rawLookup, timeGrid, toRows } from "@/components/charts/rows";
import { useCharts } from "@/components/dashboard/overview-provider";
import { zoomView } from "@/components/dashboard/view-state";

export function TrafficChart() {
  const { view, data, navigate } = useCharts();
  const answer = data.traffic;
  const shown = [...answer.series].sort((a, b) => a.key.localeCompare(b.key));
  const rows = toRows(
    timeGrid(answer),
    shown.map((s) => s.points),
    drawnPerMinute(answer.stepMs, data.readAt),
  );
  const raw = rawLookup(shown.map((s) => s.points));

  const csv = () => ({
    filename: `origin-watch_requests_by_status_class_${fileStamp(Date.parse(answer.from))}_${fileStamp(Date.parse(answer.to))}.csv`,
    content: toCsv(
      ["time", ...shown.map((s) => `${s.key} (requests per ${formatDuration(answer.stepMs)})`)],
      timeGrid(answer).map((t, i) => [new Date(t).toISOString(), ...shown.map((s) => s.points[i]?.[1] ?? null)]),
    ),
  });

  return (
    <ChartCard
      id="traffic"
      title="Traffic"
      subtitle={`Requests per minute by status class · buckets of ${formatDuration(answer.stepMs)}`}
      legend={shown.map((s) => ({ key: s.key, label: s.key, color: statusClassColor(s.key) }))}
      csv={csv}
      pngName={`origin-watch_traffic_${fileStamp(Date.parse(answer.from))}.png`}
      empty={data.summary.total === 0 ? "No requests in this range." : null}
    >
      <LazyTimeChart
        title="Requests per minute by status class"
        kind="stacked"
        rows={rows}
        series={shown.map((s) => ({ label: s.key, color: statusClassColor(s.key) }))}
        domain={[Date.parse(answer.from), Date.parse(answer.to)]}
        stepMs={answer.stepMs}
        formatAxis={formatCompact}
        formatValue={(v) => `${trimNumber(v)} req/min`}
        describeValue={answer.stepMs === 60_000 ? undefined : (i, t) => `(${formatCount(raw(i, t) ?? 0)} in ${formatDuration(answer.stepMs)})`}
        totalLabel="All requests"
        events={data.events}
        onZoom={(from, to) => navigate(zoomView(view, from, to), { push: true })}
      />
    </ChartCard>
  );
}
