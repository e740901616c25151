// The props of a time chart (time-chart.tsx) and the shapes its callers build: kept apart so a
// caller can type its series without importing Recharts.
import type { EventView } from "@/lib/events/schemas";
import type { ChartRow } from "@/components/charts/rows";

export interface ChartSeries {
  label: string;
  color: string;
  dashed?: boolean;
}

export interface ChartReference {
  y: number;
  /** Drawn on the line (reference-labels.ts places labels that would collide). */
  label: string;
  color: string;
}

/** A stretch of buckets to mark, e.g. where most requests failed before reaching an origin. */
export interface ChartMark {
  fromMs: number;
  toMs: number;
  /** What the mark means, said in the tooltip of the buckets it covers. */
  label: string;
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
  marks?: ChartMark[];
  events: EventView[];
  onZoom?: (fromMs: number, toMs: number) => void;
  /** A click on a bucket (its start); the tooltip then says what a click does (`selectHint`). */
  onSelectBucket?: (t: number) => void;
  selectHint?: string;
  /** A stretch to shade, e.g. the bucket whose samples are listed. */
  highlight?: { fromMs: number; toMs: number } | null;
  height?: number;
}
