"use client";
// The cache's side of the story: hit ratio and origin fetches per minute (misses, passes and
// expired objects), with the purge and deploy flags of the other charts. A purge shows as the
// ratio collapsing while the fetches jump: "the purge at 10:17 sent 40x the usual fetches".
import { ChartCard } from "@/components/charts/chart-card";
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import { fileStamp, toCsv } from "@/components/charts/export";
import { formatCompact, formatDuration, formatPercent, formatPercentAxis, trimNumber } from "@/components/charts/format";
import { drawnPerMinute, timeGrid, toRows } from "@/components/charts/rows";
import { useCharts } from "@/components/dashboard/overview-provider";
import { zoomView } from "@/components/dashboard/view-state";

const RATIO_COLOR = "var(--series-2)";
const FETCH_COLOR = "var(--series-1)";

export function CacheChart() {
  const { view, data, navigate } = useCharts();
  const ratio = data.cache.hitRatio;
  const fetches = data.cache.originFetches;
  const grid = timeGrid(ratio);
  const ratioPoints = ratio.series[0]?.points ?? [];
  const fetchPoints = fetches.series[0]?.points ?? [];
  const reported = ratioPoints.some(([, v]) => v !== null);
  const zoom = (from: number, to: number) => navigate(zoomView(view, from, to), { push: true });

  const csv = () => ({
    filename: `origin-watch_cache_${fileStamp(Date.parse(ratio.from))}_${fileStamp(Date.parse(ratio.to))}.csv`,
    content: toCsv(
      ["time", "hit ratio", `origin fetches (per ${formatDuration(fetches.stepMs)})`],
      grid.map((t, i) => [new Date(t).toISOString(), ratioPoints[i]?.[1] ?? null, fetchPoints[i]?.[1] ?? null]),
    ),
  });

  return (
    <ChartCard
      id="cache"
      title="Cache"
      subtitle={`Hit ratio and origin fetches per minute (misses, passes, expired) · buckets of ${formatDuration(ratio.stepMs)}`}
      legend={[
        { key: "hit_ratio", label: "hit ratio", color: RATIO_COLOR },
        { key: "origin_fetches", label: "origin fetches / min", color: FETCH_COLOR },
      ]}
      csv={csv}
      pngName={`origin-watch_cache_${fileStamp(Date.parse(ratio.from))}.png`}
      empty={reported ? null : "No line in this range reported a cache status (Varnish handling, nginx $upstream_cache_status or a CDN's cache status)."}
    >
      <div data-testid="hit-ratio-chart">
        <LazyTimeChart
          title="Cache hit ratio"
          kind="lines"
          rows={toRows(grid, [ratioPoints])}
          series={[{ label: "hit ratio", color: RATIO_COLOR }]}
          domain={[Date.parse(ratio.from), Date.parse(ratio.to)]}
          stepMs={ratio.stepMs}
          formatAxis={formatPercentAxis}
          formatValue={formatPercent}
          events={data.events}
          height={140}
          onZoom={zoom}
        />
      </div>
      <LazyTimeChart
        title="Origin fetches per minute"
        kind="lines"
        rows={toRows(grid, [fetchPoints], drawnPerMinute(fetches.stepMs, data.readAt))}
        series={[{ label: "origin fetches", color: FETCH_COLOR }]}
        domain={[Date.parse(fetches.from), Date.parse(fetches.to)]}
        stepMs={fetches.stepMs}
        formatAxis={formatCompact}
        formatValue={(v) => `${trimNumber(v)} fetches/min`}
        events={data.events}
        height={140}
        onZoom={zoom}
      />
    </ChartCard>
  );
}
