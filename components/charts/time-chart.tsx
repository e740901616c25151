"use client";
// A time chart: stacked areas or lines over a fixed time domain, event markers, horizontal
// reference lines (proxy timeouts), marked stretches, a tooltip with exact values, and
// drag-to-zoom. Loaded lazily (lazy-time-chart.tsx), so Recharts stays out of the page's first
// JavaScript. A click on a bucket (not a drag) can select it, e.g. to list the 5xx samples behind it.
import { useMemo } from "react";
import { CartesianGrid, ComposedChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { EVENT_COLOR } from "@/components/charts/palette";
import { formatTick, timeTicks } from "@/components/charts/format";
import { logAxis } from "@/components/charts/log-axis";
import { ChartTooltip } from "@/components/charts/chart-tooltip";
import { EventFlag } from "@/components/charts/event-flag";
import { placeReferenceLabels } from "@/components/charts/reference-labels";
import { bandEdge, seriesLine, stackedBand, withBandEdges } from "@/components/charts/series-shapes";
import { useDragSelect } from "@/components/charts/use-drag-select";
import { valueKey } from "@/components/charts/rows";
import type { TimeChartProps } from "@/components/charts/time-chart-types";
import styles from "./charts.module.css";

export type { ChartMark, ChartReference, ChartSeries, TimeChartProps } from "@/components/charts/time-chart-types";

const MARGIN = { top: 18, right: 16, bottom: 4, left: 4 };

/** The largest value drawn (a stack's top), for placing reference labels on a linear axis. */
function linearSpan(props: TimeChartProps): [number, number] {
  let hi = 0;
  for (const row of props.rows) {
    let sum = 0;
    for (let i = 0; i < props.series.length; i++) {
      const v = row[valueKey(i)];
      if (typeof v === "number") sum = props.kind === "stacked" ? sum + v : Math.max(sum, v);
    }
    hi = Math.max(hi, sum);
  }
  for (const r of props.references ?? []) hi = Math.max(hi, r.y);
  return [0, hi];
}

export default function TimeChart(props: TimeChartProps) {
  const { rows, series, domain, stepMs, kind, references = [], marks = [], events, onZoom, onSelectBucket, highlight, height = 240 } = props;
  const span = domain[1] - domain[0];
  const xTicks = useMemo(() => timeTicks(domain[0], domain[1], 8), [domain]);
  const log = props.scale === "log" ? logAxis(rows, series.length, references) : null;
  const byTime = useMemo(() => new Map(rows.map((r) => [r.t, r])), [rows]);
  const drag = useDragSelect({ stepMs, onZoom, onSelectBucket, isBucket: (t) => byTime.has(t) });
  // Stacked buckets are drawn as steps; a copy of the last row at the domain's end closes the
  // last step (the tooltip ignores it: it is not in byTime).
  const drawn = useMemo(() => {
    if (kind !== "stacked") return rows;
    const last = rows[rows.length - 1];
    return withBandEdges(last && last.t < domain[1] ? [...rows, { ...last, t: domain[1] }] : rows, series.length);
  }, [rows, kind, domain, series.length]);
  const shownEvents = events.filter((e) => {
    const t = Date.parse(e.at);
    return t >= domain[0] && t <= domain[1];
  });
  const labelAt = placeReferenceLabels(
    references.map((r) => r.y),
    log ? "log" : "linear",
    log ? log.domain : linearSpan(props),
  );

  const tooltip = ({ active, label }: { active?: boolean; label?: string | number }) => {
    if (!active || drag.dragging) return null;
    const t = Number(label);
    const row = byTime.get(t);
    return row ? <ChartTooltip t={t} row={row} chart={props} marks={marks} events={shownEvents} /> : null;
  };

  return (
    <div className={`${styles.plot} ${onZoom ? styles.zoomable : ""} ${onSelectBucket ? styles.selectable : ""}`} style={{ height }}>
      <ComposedChart data={drawn} responsive style={{ width: "100%", height }} margin={MARGIN} title={props.title} syncId="overview" syncMethod="value" {...drag.handlers}>
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis
          dataKey="t"
          type="number"
          domain={domain}
          ticks={xTicks}
          tickFormatter={(t: number) => formatTick(t, span)}
          allowDataOverflow
          stroke="var(--border)"
          tick={{ fill: "var(--text-muted)", fontSize: 11 }}
          tickLine={false}
          minTickGap={16}
        />
        <YAxis
          width={58}
          scale={log ? "log" : "auto"}
          domain={log ? log.domain : [0, "auto"]}
          ticks={log?.ticks}
          allowDataOverflow={Boolean(log)}
          tickFormatter={props.formatAxis}
          stroke="var(--border)"
          tick={{ fill: "var(--text-muted)", fontSize: 11 }}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip content={tooltip} cursor={{ stroke: "var(--text-muted)", strokeDasharray: "3 3" }} isAnimationActive={false} allowEscapeViewBox={{ x: false, y: true }} />
        {marks.map((m) => (
          <ReferenceArea
            key={`mark-${m.fromMs}`}
            className="chart-mark"
            x1={m.fromMs}
            x2={m.toMs}
            fill="var(--chart-mark)"
            fillOpacity={1}
            stroke="none"
            ifOverflow="hidden"
          />
        ))}
        {series.map((s, i) => (kind === "stacked" ? stackedBand(s, i) : seriesLine(s, i, rows)))}
        {kind === "stacked" ? series.map((s, i) => bandEdge(s, i)) : null}
        {references.map((r, i) => (
          <ReferenceLine
            key={`${r.label}-${r.y}`}
            y={r.y}
            stroke={r.color}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            ifOverflow="extendDomain"
            label={r.label ? { value: r.label, position: labelAt[i], fill: r.color, fontSize: 11, fontWeight: 600 } : undefined}
          />
        ))}
        {shownEvents.map((e) => (
          <ReferenceLine
            key={e.id}
            x={Date.parse(e.at)}
            stroke={EVENT_COLOR[e.type] ?? EVENT_COLOR.note}
            strokeDasharray="2 3"
            strokeWidth={1.5}
            ifOverflow="discard"
            label={(p: { viewBox?: { x?: number; y?: number } }) => <EventFlag viewBox={p.viewBox} event={e} />}
          />
        ))}
        {highlight ? (
          <ReferenceArea x1={highlight.fromMs} x2={highlight.toMs} fill="var(--accent)" fillOpacity={0.18} stroke="var(--accent)" ifOverflow="hidden" />
        ) : null}
        {drag.selection ? (
          <ReferenceArea x1={drag.selection.fromMs} x2={drag.selection.toMs} fill="var(--accent)" fillOpacity={0.12} stroke="var(--accent)" strokeOpacity={0.5} ifOverflow="hidden" />
        ) : null}
      </ComposedChart>
    </div>
  );
}
