"use client";
// "5xx over time": the error rate (or count) stacked by cause, one colour per cause. "503 only"
// shows 503s per backend instead: a proxy's 503 and an origin's 503 are different incidents, and
// the rollups count causes over all 5xx, not per status, so 503s cannot be split by cause.
// A click on a bucket (or a link under the chart) opens the 5xx samples of that bucket.
import { ChartCard, type LegendItem } from "@/components/charts/chart-card";
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import { fileStamp, toCsv } from "@/components/charts/export";
import { formatCompact, formatCount, formatDuration, formatPercent, formatPercentAxis, trimNumber } from "@/components/charts/format";
import { CAUSE_HINT, CAUSE_IDS, MAX_BACKEND_LINES, backendColors, backendLabel, causeColor, isCauseId } from "@/components/charts/palette";
import { perMinute, rawLookup, timeGrid, toRows } from "@/components/charts/rows";
import { EventsList } from "@/components/dashboard/events-list";
import { useCharts } from "@/components/dashboard/overview-provider";
import { Segmented } from "@/components/dashboard/segmented";
import { count5xx } from "@/components/dashboard/summary-math";
import { zoomView } from "@/components/dashboard/view-state";
import { SpikeLinks } from "@/components/samples/spike-links";
import { useDrillDown } from "@/components/samples/use-drill-down";

const causeOrder = (key: string) => (isCauseId(key) ? CAUSE_IDS.indexOf(key) : CAUSE_IDS.length);
const hasValue = (points: Array<[number, number | null]>) => points.some(([, v]) => v !== null && v > 0);

export function ErrorsChart() {
  const { view, data, navigate, pinnedBackend } = useCharts();
  const drill = useDrillDown();
  const answer = data.errors;
  const isRate = view.errors === "rate";
  const by503 = view.only503;
  const what = by503 ? "503" : "5xx";
  const step = formatDuration(answer.stepMs);

  // 5xx: every cause that occurred (or the one filtered on), in the canonical order.
  // 503: the backends that answered 503 most, one line each.
  const colorOf = backendColors(Object.keys(data.summary.byBackend));
  const count503 = (key: string) => data.summary.byBackend[key]?.byStatus["503"] ?? 0;
  const shown = by503
    ? answer.series
        .filter((s) => hasValue(s.points))
        .sort((a, b) => count503(b.key) - count503(a.key))
        .slice(0, MAX_BACKEND_LINES)
        .sort((a, b) => a.key.localeCompare(b.key))
    : answer.series.filter((s) => (view.cause ? s.key === view.cause : hasValue(s.points))).sort((a, b) => causeOrder(a.key) - causeOrder(b.key));
  const labelOf = (key: string) => (by503 ? backendLabel(key) : key);
  const colorFor = (key: string) => (by503 ? colorOf(key) : causeColor(key));
  const rows = toRows(
    timeGrid(answer),
    shown.map((s) => s.points),
    isRate ? undefined : perMinute(answer.stepMs, data.readAt),
  );
  const raw = rawLookup(shown.map((s) => s.points));
  const anyErrors = (by503 ? (data.summary.byStatus["503"] ?? 0) : count5xx(data.summary.byStatus)) > 0;

  const legend: LegendItem[] = shown.map((s) =>
    by503
      ? {
          key: s.key,
          label: labelOf(s.key),
          color: colorFor(s.key),
          pressed: view.backend === s.key,
          hint: view.backend === s.key ? "Show every backend" : `Show only ${labelOf(s.key)}`,
          // On a backend's page there is no other backend to switch to.
          onToggle: s.key === "" || pinnedBackend !== null ? undefined : () => navigate({ ...view, backend: view.backend === s.key ? null : s.key }),
        }
      : {
          key: s.key,
          label: s.key,
          color: colorFor(s.key),
          hint: isCauseId(s.key) ? CAUSE_HINT[s.key] : undefined,
          pressed: view.cause === s.key,
          onToggle: () => navigate({ ...view, cause: view.cause === s.key || !isCauseId(s.key) ? null : s.key }),
        },
  );

  const unit = isRate ? (by503 ? "share of the backend's requests" : "share of requests") : `responses per ${step}`;
  const csv = () => ({
    filename: `origin-watch_${answer.metric}_by_${by503 ? "backend" : "cause"}_${fileStamp(Date.parse(answer.from))}_${fileStamp(Date.parse(answer.to))}.csv`,
    content: toCsv(
      ["time", ...shown.map((s) => `${s.key} (${unit})`)],
      timeGrid(answer).map((t, i) => [new Date(t).toISOString(), ...shown.map((s) => s.points[i]?.[1] ?? null)]),
    ),
  });

  const subtitle = by503
    ? isRate
      ? `Share of each backend's requests answered 503 · buckets of ${step}`
      : `503 responses per minute, per backend · buckets of ${step}`
    : isRate
      ? `Share of all requests answered 5xx, stacked by cause · buckets of ${step}`
      : `5xx responses per minute, stacked by cause · buckets of ${step}`;
  const empty = anyErrors
    ? null
    : data.summary.total === 0
      ? "No requests in this range."
      : `No ${what} in this range${view.cause && !by503 ? ` caused by ${view.cause}` : ""}.`;

  return (
    <ChartCard
      id="errors"
      title={`${what} over time`}
      subtitle={by503 && view.cause ? `${subtitle} · every cause (503s are not split by cause)` : subtitle}
      toolbar={
        <>
          <Segmented
            label="Statuses"
            value={by503 ? "503" : "5xx"}
            options={[
              { value: "5xx", label: "All 5xx", title: "Every 5xx, by cause" },
              { value: "503", label: "503 only", title: "503s alone, by backend" },
            ]}
            onChange={(v) => navigate({ ...view, only503: v === "503" })}
          />
          <Segmented
            label="Unit"
            value={view.errors}
            options={[
              { value: "rate", label: "% of requests" },
              { value: "count", label: "Per minute" },
            ]}
            onChange={(v) => navigate({ ...view, errors: v === "count" ? "count" : "rate" })}
          />
        </>
      }
      legend={legend}
      csv={csv}
      pngName={`origin-watch_${answer.metric}_${fileStamp(Date.parse(answer.from))}.png`}
      empty={empty}
      footer={
        <>
          <SpikeLinks
            answer={answer}
            keys={new Set(shown.map((s) => s.key))}
            formatValue={isRate ? formatPercent : (v) => `${formatCount(v)} ${what} in ${step}`}
          />
          <EventsList />
        </>
      }
    >
      <LazyTimeChart
        title={`${what} over time by ${by503 ? "backend" : "cause"}`}
        kind={by503 ? "lines" : "stacked"}
        rows={rows}
        series={shown.map((s) => ({ label: labelOf(s.key), color: colorFor(s.key) }))}
        domain={[Date.parse(answer.from), Date.parse(answer.to)]}
        stepMs={answer.stepMs}
        formatAxis={isRate ? formatPercentAxis : formatCompact}
        formatValue={isRate ? formatPercent : (v) => `${trimNumber(v)}/min`}
        describeValue={isRate || answer.stepMs === 60_000 ? undefined : (i, t) => `(${formatCount(raw(i, t) ?? 0)} in ${step})`}
        totalLabel={`All ${what}`}
        events={data.events}
        onZoom={(from, to) => navigate(zoomView(view, from, to), { push: true })}
        onSelectBucket={(t) => drill.open({ fromMs: t, toMs: t + answer.stepMs })}
        selectHint={`Click to see this bucket's ${what} samples`}
        highlight={view.samples}
        height={260}
      />
    </ChartCard>
  );
}
