"use client";
// One Recharts shape per series: a stacked band with its top edge in its own colour, or a line
// (a value with no neighbours drawn as a dot). Plain functions returning elements: Recharts reads
// its shapes as direct children of the chart.
import { Area, Line } from "recharts";
import { valueKey, type ChartRow } from "@/components/charts/rows";

const edgeKey = (i: number): `e${number}` => `e${i}`;
export type StackedRow = ChartRow & { [key: `e${number}`]: number | null };

/**
 * Each band's top edge, only where the band is there: the stack's running total where the band
 * has a value, and once more on the next bucket to close its step; null elsewhere. (An Area's own
 * stroke runs along the whole stack, so the top band would outline every band in its colour.)
 */
export function withBandEdges(rows: ChartRow[], count: number): StackedRow[] {
  const out: StackedRow[] = rows.map((r) => ({ ...r }));
  for (let i = 0; i < count; i++) {
    let previous: number | null = null;
    out.forEach((row) => {
      let below = 0;
      for (let j = 0; j < i; j++) below += Number(row[valueKey(j)] ?? 0);
      const v = row[valueKey(i)];
      const top = typeof v === "number" && v > 0 ? below + v : null;
      row[edgeKey(i)] = top ?? previous;
      previous = top;
    });
  }
  return out;
}
import type { ChartSeries } from "@/components/charts/time-chart-types";

/** Whether a line's value at `index` has no value on either side (no segment would show it). */
export function isolated(rows: ChartRow[], series: number, index: number): boolean {
  const key = valueKey(series);
  const at = (i: number) => rows[i]?.[key];
  return typeof at(index) === "number" && typeof at(index - 1) !== "number" && typeof at(index + 1) !== "number";
}

export function stackedBand(s: ChartSeries, i: number) {
  return (
    <Area
      key={s.label}
      dataKey={valueKey(i)}
      name={s.label}
      stackId="a"
      type="stepAfter"
      stroke="none"
      fill={s.color}
      fillOpacity={0.6}
      isAnimationActive={false}
      activeDot={false}
    />
  );
}

/** A band's top edge (withBandEdges), drawn over the bands in the band's colour. */
export function bandEdge(s: ChartSeries, i: number) {
  return (
    <Line
      key={`edge-${s.label}`}
      dataKey={edgeKey(i)}
      name={`${s.label} (edge)`}
      type="stepAfter"
      stroke={s.color}
      strokeWidth={1.5}
      dot={false}
      activeDot={false}
      connectNulls={false}
      isAnimationActive={false}
      legendType="none"
      tooltipType="none"
    />
  );
}

export function seriesLine(s: ChartSeries, i: number, rows: ChartRow[]) {
  return (
    <Line
      key={s.label}
      dataKey={valueKey(i)}
      name={s.label}
      type="linear"
      stroke={s.color}
      strokeWidth={1.75}
      strokeDasharray={s.dashed ? "5 3" : undefined}
      dot={(d: { index: number; cx?: number; cy?: number }) =>
        d.cx !== undefined && d.cy !== undefined && isolated(rows, i, d.index) ? (
          <circle key={`dot-${d.index}`} className="chart-single-point" cx={d.cx} cy={d.cy} r={3} fill={s.color} stroke={s.color} />
        ) : (
          <g key={`dot-${d.index}`} />
        )
      }
      activeDot={{ r: 3 }}
      connectNulls={false}
      isAnimationActive={false}
    />
  );
}
