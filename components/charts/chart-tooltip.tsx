"use client";
// The tooltip of a time chart: the bucket's exact values (top of the stack first, lines by value),
// a stack's total, what a click does, the marks and the events that fall in the bucket.
import type { EventView } from "@/lib/events/schemas";
import { EVENT_COLOR, EVENT_GLYPH } from "@/components/charts/palette";
import { formatBucket } from "@/components/charts/format";
import { valueKey, type ChartRow } from "@/components/charts/rows";
import type { ChartMark, ChartSeries, TimeChartProps } from "@/components/charts/time-chart-types";
import styles from "./charts.module.css";

interface Props {
  t: number;
  row: ChartRow;
  chart: Pick<TimeChartProps, "kind" | "series" | "stepMs" | "formatValue" | "describeValue" | "totalLabel" | "onSelectBucket" | "selectHint">;
  marks: ChartMark[];
  events: EventView[];
}

export function ChartTooltip({ t, row, chart, marks, events }: Props) {
  const { kind, series, stepMs } = chart;
  const items = series
    .map((s, i) => ({ s, i, v: row[valueKey(i)] }))
    .filter((x): x is { s: ChartSeries; i: number; v: number } => typeof x.v === "number");
  if (kind === "stacked") items.reverse();
  else items.sort((a, b) => b.v - a.v);
  const total = items.reduce((sum, x) => sum + x.v, 0);
  const inBucket = events.filter((e) => {
    const at = Date.parse(e.at);
    return at >= t && at < t + stepMs;
  });
  const marked = marks.filter((m) => t >= m.fromMs && t < m.toMs);
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTime}>{formatBucket(t, stepMs)}</p>
      {items.length === 0 ? <p className={styles.tooltipNone}>No data in this interval</p> : null}
      <ul className={styles.tooltipList}>
        {items
          // A stack lists only what is in it; its total below says when that is nothing.
          .filter((x) => kind !== "stacked" || x.v > 0)
          .map(({ s, i, v }) => {
            const more = chart.describeValue?.(i, t);
            return (
              <li key={s.label}>
                <span className={styles.swatch} style={{ background: s.color }} aria-hidden="true" />
                <span className={styles.tooltipLabel}>{s.label}</span>
                <span className={styles.tooltipValue}>
                  {chart.formatValue(v)}
                  {more ? <span className={styles.tooltipMore}> {more}</span> : null}
                </span>
              </li>
            );
          })}
      </ul>
      {kind === "stacked" && chart.totalLabel && items.length > 0 ? (
        <p className={styles.tooltipTotal}>
          <span>{chart.totalLabel}</span>
          <span className={styles.tooltipValue}>{chart.formatValue(total)}</span>
        </p>
      ) : null}
      {marked.map((m) => (
        <p key={`${m.fromMs}-${m.label}`} className={styles.tooltipMark}>
          {m.label}
        </p>
      ))}
      {chart.onSelectBucket && chart.selectHint && items.some((x) => x.v > 0) ? <p className={styles.tooltipHint}>{chart.selectHint}</p> : null}
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
}
