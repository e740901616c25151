"use client";
// A backend's or a view's traffic as a share link shows it: the headline numbers and three charts
// drawn from the overview's data, without the overview's controls, links or drill-downs.
import { LazyTimeChart } from "@/components/charts/lazy-time-chart";
import { formatCount, formatPercent } from "@/components/charts/format";
import { causeColor, backendColors } from "@/components/charts/palette";
import { timeGrid, toRows } from "@/components/charts/rows";
import { useMemo } from "react";
import { unpackOverview, type PackedOverview } from "@/components/dashboard/first-paint";
import { count5xx } from "@/components/dashboard/summary-math";
import type { SeriesAnswer } from "@/lib/rollups/schemas";
import styles from "./shares.module.css";

const STATUS_COLORS: Record<string, string> = { "2xx": "var(--status-2xx)", "3xx": "var(--status-3xx)", "4xx": "var(--status-4xx)", "5xx": "var(--status-5xx)" };

interface ChartProps {
  title: string;
  answer: SeriesAnswer;
  colorOf: (key: string) => string;
  percent?: boolean;
  /** Latency: one line per series, in ms (not a stack of counts). */
  ms?: boolean;
}

function Chart({ title, answer, colorOf, percent, ms }: ChartProps) {
  const shown = answer.series.filter((s) => s.points.some(([, v]) => v !== null && v > 0));
  if (shown.length === 0) return <p className="muted">{title}: nothing in this range.</p>;
  const rows = toRows(timeGrid(answer), shown.map((s) => s.points), percent ? (v) => v * 100 : undefined);
  const fmt = (v: number) => (percent ? `${v.toFixed(1)} %` : ms ? `${Math.round(v)} ms` : formatCount(v));
  return (
    <section className={`card ${styles.section}`} aria-label={title}>
      <h2>{title}</h2>
      <LazyTimeChart
        title={title}
        kind={ms ? "lines" : "stacked"}
        rows={rows}
        series={shown.map((s) => ({ label: s.key || "(none)", color: colorOf(s.key) }))}
        domain={[Date.parse(answer.from), Date.parse(answer.to)]}
        stepMs={answer.stepMs}
        formatAxis={fmt}
        formatValue={fmt}
        events={[]}
        height={200}
      />
    </section>
  );
}

/** `data`: packed by the server (components/dashboard/first-paint.ts), unpacked once here. */
export function SharedTraffic({ data: packed }: { data: PackedOverview }) {
  const data = useMemo(() => unpackOverview(packed), [packed]);
  const total = data.summary.total;
  const errors = count5xx(data.summary.byStatus);
  const backendColor = backendColors(Object.keys(data.summary.byBackend));
  return (
    <div data-testid="shared-traffic">
      <div className={styles.numbers}>
        <div className={styles.number}>
          <span className={styles.numberValue}>{formatCount(total)}</span>
          <span className={styles.numberLabel}>requests</span>
        </div>
        <div className={styles.number}>
          <span className={styles.numberValue}>{formatCount(errors)}</span>
          <span className={styles.numberLabel}>5xx answers</span>
        </div>
        <div className={styles.number}>
          <span className={styles.numberValue}>{total === 0 ? "–" : formatPercent(errors / total)}</span>
          <span className={styles.numberLabel}>5xx rate</span>
        </div>
      </div>
      {total === 0 ? <p className="alert alert-warn">No requests arrived in this range.</p> : null}
      <Chart title="5xx by cause" answer={data.errors} colorOf={causeColor} percent={data.errors.metric === "error_rate" || data.errors.metric === "rate_503"} />
      <Chart title="Requests by status" answer={data.traffic} colorOf={(k) => STATUS_COLORS[k] ?? "var(--series-0)"} />
      {data.latency.map((l) => (
        <Chart key={l.percentile} title={`Latency ${l.percentile}`} answer={l.answer} colorOf={backendColor} ms />
      ))}
    </div>
  );
}
