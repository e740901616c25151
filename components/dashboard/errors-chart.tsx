"use client";
// "5xx over time": the error rate (or count) stacked by cause, one colour per cause. "503 only"
// shows 503s per backend instead: a proxy's 503 and an origin's 503 are different incidents, and
// the rollups count causes over all 5xx, not per status, so 503s cannot be split by cause.
// A click on a bucket (or a link under the chart) opens the 5xx samples of that bucket.
// What is drawn is planned in errors-series.ts; the toggles are errors-toolbar.tsx.
import { ChartCard, type LegendItem } from "@/components/charts/chart-card";
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import { fileStamp } from "@/components/charts/export";
import { formatCompact, formatCount, formatPercent, formatPercentAxis, trimNumber } from "@/components/charts/format";
import { causeTitle, isCauseId } from "@/components/charts/palette";
import { drawnPerMinute, rawLookup, timeGrid, toRows } from "@/components/charts/rows";
import { EventsList } from "@/components/dashboard/events-list";
import { ErrorsToolbar } from "@/components/dashboard/errors-toolbar";
import { errorsCsv, planErrors, type ErrorsPlan } from "@/components/dashboard/errors-series";
import { useCharts } from "@/components/dashboard/overview-provider";
import type { ViewState } from "@/components/dashboard/view-state";
import { zoomView } from "@/components/dashboard/view-state";
import { SpikeLinks } from "@/components/samples/spike-links";
import { useDrillDown } from "@/components/samples/use-drill-down";

/** A legend entry per series; each toggles a filter (the cause, or the backend of a 503 line). */
function legendOf(plan: ErrorsPlan, view: ViewState, navigate: (v: ViewState) => void, pinnedBackend: string | null): LegendItem[] {
  return plan.shown.map((s) => {
    const label = plan.labelOf(s.key);
    if (plan.by503) {
      return {
        key: s.key,
        label,
        color: plan.colorOf(s.key),
        pressed: view.backend === s.key,
        hint: view.backend === s.key ? "Show every backend" : `Show only ${label}`,
        // On a backend's page there is no other backend to switch to.
        onToggle: s.key === "" || pinnedBackend !== null ? undefined : () => navigate({ ...view, backend: view.backend === s.key ? null : s.key }),
      };
    }
    return {
      key: s.key,
      label,
      // Words on screen; the id (what alerts and URLs use) in the tooltip and the accessible name.
      ariaLabel: label === s.key ? label : `${label} (${s.key})`,
      color: plan.colorOf(s.key),
      hint: causeTitle(s.key),
      pressed: view.cause === s.key,
      onToggle: () => navigate({ ...view, cause: view.cause === s.key || !isCauseId(s.key) ? null : s.key }),
    };
  });
}

export function ErrorsChart() {
  const { view, data, navigate, pinnedBackend } = useCharts();
  const drill = useDrillDown();
  const answer = data.errors;
  const plan = planErrors(view, data);
  const { isRate, what, step, shown } = plan;
  const rows = toRows(
    timeGrid(answer),
    shown.map((s) => s.points),
    isRate ? undefined : drawnPerMinute(answer.stepMs, data.readAt),
  );
  const raw = rawLookup(shown.map((s) => s.points));

  return (
    <ChartCard
      id="errors"
      title={`${what} over time`}
      subtitle={plan.subtitle}
      toolbar={<ErrorsToolbar view={view} navigate={navigate} />}
      legend={legendOf(plan, view, navigate, pinnedBackend)}
      csv={() => errorsCsv(plan, answer)}
      pngName={`origin-watch_${answer.metric}_${fileStamp(Date.parse(answer.from))}.png`}
      empty={plan.empty}
      footer={
        <>
          <SpikeLinks answer={answer} keys={new Set(shown.map((s) => s.key))} formatValue={isRate ? formatPercent : (v) => `${formatCount(v)} ${what} in ${step}`} />
          <EventsList />
        </>
      }
    >
      <LazyTimeChart
        title={`${what} over time by ${plan.by503 ? "backend" : "cause"}`}
        kind={plan.by503 ? "lines" : "stacked"}
        rows={rows}
        series={shown.map((s) => ({ label: plan.labelOf(s.key), color: plan.colorOf(s.key) }))}
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
