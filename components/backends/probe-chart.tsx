"use client";
// Total time of each check, stacked by phase (DNS, connect, TLS, first byte, the rest), with
// failures marked by error class (a colour and a shape each). Loaded lazily (probe-history.tsx),
// so Recharts stays out of the page's first JavaScript.
import { useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Line, Symbols, Tooltip, XAxis, YAxis } from "recharts";
import { errorClassInfo } from "@/components/backends/error-classes";
import { formatMeasured } from "@/components/backends/format";
import { PHASES, type Phase, type PhaseRow, type ProbeChartData } from "@/components/backends/probe-chart-data";
import styles from "./backends.module.css";

export const PHASE_LABEL: Record<Phase, string> = {
  dnsMs: "DNS",
  connectMs: "Connect",
  tlsMs: "TLS",
  firstByteMs: "First byte",
  restMs: "Rest (body, redirects)",
};
const PHASE_COLOR: Record<Phase, string> = {
  dnsMs: "var(--phase-dns)",
  connectMs: "var(--phase-connect)",
  tlsMs: "var(--phase-tls)",
  firstByteMs: "var(--phase-firstbyte)",
  restMs: "var(--phase-rest)",
};

const MARGIN = { top: 12, right: 12, bottom: 4, left: 4 };

function tickFormat(span: number) {
  const opts: Intl.DateTimeFormatOptions = span > 36 * 3600_000 ? { month: "short", day: "numeric", hour: "2-digit" } : { hour: "2-digit", minute: "2-digit" };
  return (t: number) => new Date(t).toLocaleString(undefined, opts);
}

function axisMs(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`;
}

interface Props {
  data: ProbeChartData;
  domain: [number, number];
  title: string;
  height?: number;
}

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  payload?: PhaseRow;
}

export default function ProbeChart({ data, domain, title, height = 240 }: Props) {
  const span = domain[1] - domain[0];
  const format = useMemo(() => tickFormat(span), [span]);
  const rowsByT = useMemo(() => new Map(data.rows.map((r) => [r.t, r])), [data.rows]);

  const tooltip = ({ active, label }: { active?: boolean; label?: string | number }) => {
    const row = active ? rowsByT.get(Number(label)) : undefined;
    if (!row || row.totalMs === null) return null;
    return (
      <div className={styles.tooltip}>
        <p className={styles.tooltipTime}>
          {new Date(row.t).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })}
          {data.bucketMs ? <span className="muted"> · mean of {row.checks === 1 ? "1 check" : `${row.checks} checks`}</span> : null}
        </p>
        <ul className={styles.tooltipList}>
          {PHASES.filter((k) => (row[k] ?? 0) > 0).map((k) => (
            <li key={k}>
              <span className={styles.swatch} style={{ background: PHASE_COLOR[k] }} aria-hidden="true" />
              <span className={styles.tooltipLabel}>{PHASE_LABEL[k]}</span>
              <span className={styles.tooltipValue}>{formatMeasured(row[k])}</span>
            </li>
          ))}
          <li className={styles.tooltipTotal}>
            <span className={styles.tooltipLabel}>Total</span>
            <span className={styles.tooltipValue}>{formatMeasured(row.totalMs)}</span>
          </li>
        </ul>
        {row.failed.map((f) => (
          <p key={f.errorClass} className={styles.tooltipFailure}>
            {data.bucketMs ? <strong>{f.count} failed: </strong> : null}
            <span className={styles.mono}>{f.errorClass}</span>
            {f.status !== null ? ` ${f.status}` : ""}
            {f.message ? <span className={styles.tooltipMessage}>{f.message}</span> : null}
          </p>
        ))}
      </div>
    );
  };

  return (
    <>
      <ul className={styles.legend} aria-label="Legend">
        {PHASES.map((k) => (
          <li key={k} className={styles.legendItem}>
            <span className={styles.swatch} style={{ background: PHASE_COLOR[k] }} aria-hidden="true" />
            {PHASE_LABEL[k]}
          </li>
        ))}
        {data.classes.map((cls) => {
          const info = errorClassInfo(cls);
          return (
            <li key={cls} className={styles.legendItem} title={info.hint}>
              <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
                <Symbols cx={6} cy={6} size={50} type={info.shape} fill={info.color} />
              </svg>
              <span className={styles.mono}>{cls}</span>
            </li>
          );
        })}
      </ul>
      <div className={styles.plot} style={{ height }}>
        <ComposedChart data={data.rows} responsive style={{ width: "100%", height }} margin={MARGIN} title={title}>
          <CartesianGrid vertical={false} stroke="var(--chart-grid, var(--border))" />
          <XAxis
            dataKey="t"
            type="number"
            domain={domain}
            allowDataOverflow
            tickFormatter={format}
            stroke="var(--border)"
            tick={{ fill: "var(--text-muted)", fontSize: 11 }}
            tickLine={false}
            minTickGap={24}
          />
          <YAxis width={52} tickFormatter={axisMs} stroke="var(--border)" tick={{ fill: "var(--text-muted)", fontSize: 11 }} tickLine={false} axisLine={false} />
          <Tooltip content={tooltip} cursor={{ stroke: "var(--text-muted)", strokeDasharray: "3 3" }} isAnimationActive={false} />
          {PHASES.map((k) => (
            <Area
              key={k}
              dataKey={k}
              name={PHASE_LABEL[k]}
              stackId="phases"
              type={data.bucketMs ? "stepAfter" : "linear"}
              stroke={PHASE_COLOR[k]}
              strokeWidth={1}
              fill={PHASE_COLOR[k]}
              fillOpacity={0.7}
              isAnimationActive={false}
              activeDot={false}
              connectNulls={false}
            />
          ))}
          {/* Failure markers: a line with no stroke whose dots are the class's symbol, on the same rows
              as the areas, so the tooltip finds a marker's check by its time. */}
          {data.classes.map((cls) => {
            const info = errorClassInfo(cls);
            return (
              <Line
                key={cls}
                dataKey={(row: PhaseRow) => row.marks[cls] ?? null}
                name={cls}
                stroke="none"
                isAnimationActive={false}
                activeDot={false}
                legendType="none"
                dot={({ cx, cy, index, payload }: DotProps) =>
                  cx !== undefined && cy !== undefined && payload?.marks[cls] !== undefined ? (
                    <Symbols key={`${cls}-${index}`} cx={cx} cy={cy} size={56} type={info.shape} fill={info.color} stroke="var(--surface)" strokeWidth={1} />
                  ) : (
                    <g key={`${cls}-${index}`} />
                  )
                }
              />
            );
          })}
        </ComposedChart>
      </div>
    </>
  );
}
