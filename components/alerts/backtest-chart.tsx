"use client";
// One instance's backtest: its value per minute, the threshold as a line, firing periods shaded.
// A week is 10,080 minutes; the line is thinned to the highest value per group of minutes so
// spikes survive and the browser draws at most ~1,500 points.
import { useMemo } from "react";
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { BacktestInstance } from "@/lib/alerts/backtest-schemas";
import { formatDateTime, formatTick, timeTicks } from "@/components/charts/format";
import styles from "./alerts.module.css";

const MAX_POINTS = 1_500;

export function thin(points: BacktestInstance["points"], max = MAX_POINTS): { t: number; value: number | null }[] {
  const group = Math.max(1, Math.ceil(points.length / max));
  const out: { t: number; value: number | null }[] = [];
  for (let i = 0; i < points.length; i += group) {
    let value: number | null = null;
    for (const p of points.slice(i, i + group)) if (p.value !== null && (value === null || p.value > value)) value = p.value;
    out.push({ t: points[i].t, value });
  }
  return out;
}

/** A value with no neighbour draws no line segment: show it as a dot. */
function IsolatedDot(props: { cx?: number; cy?: number; index?: number; points?: { value?: unknown }[]; payload?: { value: number | null } }) {
  const { cx, cy, index = 0, points = [] } = props;
  const present = (i: number) => typeof points[i]?.value === "number";
  if (cx === undefined || cy === undefined || !present(index) || present(index - 1) || present(index + 1)) return <g key={index} />;
  return <circle key={index} cx={cx} cy={cy} r={2.5} fill="var(--accent)" />;
}
const isolatedDot = (p: object) => <IsolatedDot {...p} />;

export default function BacktestChart({ instance, from, to }: { instance: BacktestInstance; from: number; to: number }) {
  const rows = useMemo(() => thin(instance.points), [instance]);
  const threshold = [...instance.points].reverse().find((p) => p.threshold !== null)?.threshold ?? null;
  const ticks = useMemo(() => timeTicks(from, to, 8), [from, to]);
  return (
    <div className={styles.chart} data-testid="backtest-chart">
      <ComposedChart data={rows} responsive style={{ width: "100%", height: 260 }} margin={{ top: 12, right: 16, bottom: 4, left: 4 }} title={`Backtest of ${instance.instance}`}>
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis
          dataKey="t"
          type="number"
          domain={[from, to]}
          ticks={ticks}
          tickFormatter={(t: number) => formatTick(t, to - from)}
          stroke="var(--border)"
          tick={{ fill: "var(--text-muted)", fontSize: 11 }}
          tickLine={false}
        />
        <YAxis stroke="var(--border)" tick={{ fill: "var(--text-muted)", fontSize: 11 }} tickLine={false} width={48} />
        {instance.firings.map((f) => (
          <ReferenceArea key={f.from} x1={f.from} x2={Math.max(f.to, f.from + 60_000)} fill="var(--danger)" fillOpacity={0.15} ifOverflow="hidden" />
        ))}
        {threshold !== null ? <ReferenceLine y={threshold} stroke="var(--danger)" strokeDasharray="4 3" label={{ value: `threshold ${threshold}`, fill: "var(--text-muted)", fontSize: 11, position: "insideTopRight" }} /> : null}
        <Line dataKey="value" type="linear" stroke="var(--accent)" dot={isolatedDot} isAnimationActive={false} connectNulls={false} strokeWidth={1.5} />
        <Tooltip labelFormatter={(t) => formatDateTime(Number(t))} formatter={(v) => [String(v), "value"]} />
      </ComposedChart>
    </div>
  );
}
