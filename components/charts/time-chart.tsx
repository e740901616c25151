"use client";
// A time chart: stacked areas or lines over a fixed time domain, event markers, horizontal
// reference lines (proxy timeouts), a tooltip with exact values, and drag-to-zoom. Loaded lazily
// (lazy-time-chart.tsx), so Recharts stays out of the page's first JavaScript. A click on a bucket
// (not a drag) can select it, e.g. to list the 5xx samples behind it.
import { useMemo, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { EventView } from "@/lib/events/schemas";
import { EVENT_COLOR, EVENT_GLYPH } from "@/components/charts/palette";
import { formatBucket, formatDateTime, formatTick, timeTicks } from "@/components/charts/format";
import { logAxis } from "@/components/charts/log-axis";
import { valueKey, type ChartRow } from "@/components/charts/rows";
import styles from "./charts.module.css";

export interface ChartSeries {
  label: string;
  color: string;
  dashed?: boolean;
}

export interface ChartReference {
  y: number;
  /** Drawn beside the line; empty when the legend has to name it (lines too close together). */
  label: string;
  color: string;
}

export interface TimeChartProps {
  /** What the chart shows, for screen readers. */
  title: string;
  kind: "stacked" | "lines";
  rows: ChartRow[];
  series: ChartSeries[];
  domain: [number, number];
  stepMs: number;
  /** Axis labels: short. */
  formatAxis: (v: number) => string;
  /** Tooltip values: exact, with the unit. */
  formatValue: (v: number) => string;
  /** Optional words after a value in the tooltip (e.g. the raw count behind a rate), by series and bucket. */
  describeValue?: (seriesIndex: number, t: number) => string | null;
  /** Tooltip line under a stacked chart's values. */
  totalLabel?: string;
  scale?: "linear" | "log";
  references?: ChartReference[];
  events: EventView[];
  onZoom?: (fromMs: number, toMs: number) => void;
  /** A click on a bucket (its start); the tooltip then says what a click does (`selectHint`). */
  onSelectBucket?: (t: number) => void;
  selectHint?: string;
  /** A stretch to shade, e.g. the bucket whose samples are listed. */
  highlight?: { fromMs: number; toMs: number } | null;
  height?: number;
}

const MARGIN = { top: 18, right: 16, bottom: 4, left: 4 };

function isolated(rows: ChartRow[], series: number, index: number): boolean {
  const key = valueKey(series);
  const at = (i: number) => rows[i]?.[key];
  return typeof at(index) === "number" && typeof at(index - 1) !== "number" && typeof at(index + 1) !== "number";
}

function EventFlag({ viewBox, event }: { viewBox?: { x?: number; y?: number }; event: EventView }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 14;
  const color = EVENT_COLOR[event.type] ?? EVENT_COLOR.note;
  return (
    <g className={styles.eventFlag} data-event={event.type}>
      <title>{`${event.type}: ${event.title} (${formatDateTime(Date.parse(event.at))})${event.backend ? ` on ${event.backend}` : ""}`}</title>
      <rect x={x - 7} y={y} width={14} height={13} rx={3} fill={color} />
      <text x={x} y={y + 10} textAnchor="middle" fontSize={9} fontWeight={700} fill="var(--surface)">
        {EVENT_GLYPH[event.type] ?? "•"}
      </text>
    </g>
  );
}

export default function TimeChart(props: TimeChartProps) {
  const { rows, series, domain, stepMs, kind, references = [], events, onZoom, onSelectBucket, highlight, height = 240 } = props;
  // A press: dragged across buckets it zooms, released on the bucket it started on it selects it.
  // (Not Recharts' onClick: the browser clicks after a drag too, and the bucket is known at press.)
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const span = domain[1] - domain[0];
  const xTicks = useMemo(() => timeTicks(domain[0], domain[1], 8), [domain]);
  const log = props.scale === "log" ? logAxis(rows, series.length, references) : null;
  const byTime = useMemo(() => new Map(rows.map((r) => [r.t, r])), [rows]);
  // Stacked buckets are drawn as steps; a copy of the last row at the domain's end closes the
  // last step (the tooltip ignores it: it is not in byTime).
  const drawn = useMemo(() => {
    const last = rows[rows.length - 1];
    return kind === "stacked" && last && last.t < domain[1] ? [...rows, { ...last, t: domain[1] }] : rows;
  }, [rows, kind, domain]);
  // Markers of events in this range, and the buckets they fall in (for the tooltip).
  const shownEvents = events.filter((e) => {
    const t = Date.parse(e.at);
    return t >= domain[0] && t <= domain[1];
  });

  const tooltip = ({ active, label }: { active?: boolean; label?: string | number }) => {
    if (!active || drag) return null;
    const t = Number(label);
    const row = byTime.get(t);
    if (!row) return null;
    const items = series
      .map((s, i) => ({ s, i, v: row[valueKey(i)] }))
      .filter((x): x is { s: ChartSeries; i: number; v: number } => typeof x.v === "number");
    // Top of the stack first (as drawn), lines by value.
    if (kind === "stacked") items.reverse();
    else items.sort((a, b) => b.v - a.v);
    const total = items.reduce((sum, x) => sum + x.v, 0);
    const inBucket = shownEvents.filter((e) => {
      const at = Date.parse(e.at);
      return at >= t && at < t + stepMs;
    });
    return (
      <div className={styles.tooltip}>
        <p className={styles.tooltipTime}>{formatBucket(t, stepMs)}</p>
        {items.length === 0 ? <p className={styles.tooltipNone}>No data in this interval</p> : null}
        <ul className={styles.tooltipList}>
          {items
            // A stack lists only what is in it; its total below says when that is nothing.
            .filter((x) => kind !== "stacked" || x.v > 0)
            .map(({ s, i, v }) => {
              const more = props.describeValue?.(i, t);
              return (
                <li key={s.label}>
                  <span className={styles.swatch} style={{ background: s.color }} aria-hidden="true" />
                  <span className={styles.tooltipLabel}>{s.label}</span>
                  <span className={styles.tooltipValue}>
                    {props.formatValue(v)}
                    {more ? <span className={styles.tooltipMore}> {more}</span> : null}
                  </span>
                </li>
              );
            })}
        </ul>
        {kind === "stacked" && props.totalLabel && items.length > 0 ? (
          <p className={styles.tooltipTotal}>
            <span>{props.totalLabel}</span>
            <span className={styles.tooltipValue}>{props.formatValue(total)}</span>
          </p>
        ) : null}
        {onSelectBucket && props.selectHint && items.some((x) => x.v > 0) ? <p className={styles.tooltipHint}>{props.selectHint}</p> : null}
        {inBucket.map((e) => (
          <p key={e.id} className={styles.tooltipEvent}>
            <span className={styles.eventGlyph} style={{ background: EVENT_COLOR[e.type] }} aria-hidden="true">
              {EVENT_GLYPH[e.type]}
            </span>
            {e.type}: {e.title}
          </p>
        ))}
      </div>
    );
  };

  const at = (label: unknown): number | null => {
    const n = Number(label);
    return label === undefined || label === null || label === "" || !Number.isFinite(n) ? null : n;
  };

  return (
    <div className={`${styles.plot} ${onZoom ? styles.zoomable : ""} ${onSelectBucket ? styles.selectable : ""}`} style={{ height }}>
      <ComposedChart
        data={drawn}
        responsive
        style={{ width: "100%", height }}
        margin={MARGIN}
        title={props.title}
        syncId="overview"
        syncMethod="value"
        onMouseDown={(s) => {
          const t = at(s.activeLabel);
          if ((onZoom || onSelectBucket) && t !== null) setDrag({ a: t, b: t });
        }}
        onMouseMove={(s) => {
          const t = at(s.activeLabel);
          if (drag && t !== null && t !== drag.b) setDrag({ ...drag, b: t });
        }}
        onMouseUp={() => {
          if (drag && onZoom && drag.a !== drag.b) onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b) + stepMs);
          // Only real buckets: the copy of the last row that closes a stacked chart's step is not one.
          else if (drag && onSelectBucket && drag.a === drag.b && byTime.has(drag.a)) onSelectBucket(drag.a);
          setDrag(null);
        }}
        onMouseLeave={() => setDrag(null)}
      >
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
        {series.map((s, i) =>
          kind === "stacked" ? (
            <Area
              key={s.label}
              dataKey={valueKey(i)}
              name={s.label}
              stackId="a"
              type="stepAfter"
              stroke={s.color}
              strokeWidth={1}
              fill={s.color}
              fillOpacity={0.75}
              isAnimationActive={false}
              activeDot={false}
            />
          ) : (
            <Line
              key={s.label}
              dataKey={valueKey(i)}
              name={s.label}
              type="linear"
              stroke={s.color}
              strokeWidth={1.75}
              strokeDasharray={s.dashed ? "5 3" : undefined}
              // A value with no neighbours draws no line segment: show it as a dot instead.
              dot={(d: { index: number; cx?: number; cy?: number }) =>
                d.cx !== undefined && d.cy !== undefined && isolated(rows, i, d.index) ? (
                  <circle key={`dot-${d.index}`} cx={d.cx} cy={d.cy} r={2.5} fill={s.color} />
                ) : null
              }
              activeDot={{ r: 3 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ),
        )}
        {references.map((r) => (
          <ReferenceLine
            key={`${r.label}-${r.y}`}
            y={r.y}
            stroke={r.color}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            ifOverflow="extendDomain"
            label={r.label ? { value: r.label, position: "insideTopRight", fill: "var(--text-muted)", fontSize: 11 } : undefined}
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
        {drag && drag.a !== drag.b ? (
          <ReferenceArea x1={Math.min(drag.a, drag.b)} x2={Math.max(drag.a, drag.b) + stepMs} fill="var(--accent)" fillOpacity={0.12} stroke="var(--accent)" strokeOpacity={0.5} ifOverflow="hidden" />
        ) : null}
      </ComposedChart>
    </div>
  );
}
