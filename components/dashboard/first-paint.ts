// The overview's first paint as the server hands it to the browser. It travels inside the page as
// React Server Component props, serialised value by value into the HTML; a series' points as
// [time, value] pairs were most of it (each pair an array of its own, each time 13 digits). Every
// point of a series answer sits on the answer's own grid (from + i * stepMs: lib/rollups/
// series-families.ts fills it so), so the times are left out and the values travel alone; the
// browser puts the pairs back before anything reads them. The query API keeps its pairs.
import type { SeriesAnswer } from "@/lib/rollups/schemas";
import { hasCharts, type ControlsData, type OverviewData } from "@/components/dashboard/overview-queries";

type Line = SeriesAnswer["series"][number];
/** A line whose points are on the grid: their values only. Any other line travels as it is. */
type PackedLine = (Omit<Line, "points"> & { values: Array<number | null> }) | Line;
type PackedSeries = Omit<SeriesAnswer, "series"> & { series: PackedLine[] };

/** The series an overview holds, whatever form they take. */
interface ChartSeries<S> {
  errors: S;
  traffic: S;
  latency: Array<{ percentile: OverviewData["latency"][number]["percentile"]; answer: S }>;
  cache: { hitRatio: S; originFetches: S };
}

const mapCharts = <A, B>(c: ChartSeries<A>, f: (series: A) => B): ChartSeries<B> => ({
  errors: f(c.errors),
  traffic: f(c.traffic),
  latency: c.latency.map((l) => ({ percentile: l.percentile, answer: f(l.answer) })),
  cache: { hitRatio: f(c.cache.hitRatio), originFetches: f(c.cache.originFetches) },
});

export type PackedOverview = Omit<OverviewData, keyof ChartSeries<unknown>> & ChartSeries<PackedSeries>;

/** What a page hands the overview's provider: the charts' data packed, or the controls' data alone. */
export type FirstPaint = PackedOverview | ControlsData;

function onGrid(points: Line["points"], fromMs: number, stepMs: number): boolean {
  for (let i = 0; i < points.length; i++) if (points[i]![0] !== fromMs + i * stepMs) return false;
  return true;
}

export function packSeries(answer: SeriesAnswer): PackedSeries {
  const fromMs = Date.parse(answer.from);
  return {
    ...answer,
    series: answer.series.map((line): PackedLine => {
      if (!onGrid(line.points, fromMs, answer.stepMs)) return line;
      const { points, ...rest } = line;
      return { ...rest, values: points.map((p) => p[1]) };
    }),
  };
}

export function unpackSeries(packed: PackedSeries): SeriesAnswer {
  const fromMs = Date.parse(packed.from);
  return {
    ...packed,
    series: packed.series.map((line): Line => {
      if (!("values" in line)) return line;
      const { values, ...rest } = line;
      return { ...rest, points: values.map((v, i) => [fromMs + i * packed.stepMs, v]) };
    }),
  };
}

export const packOverview = (data: OverviewData): PackedOverview => ({ ...data, ...mapCharts(data, packSeries) });
export const unpackOverview = (paint: PackedOverview): OverviewData => ({ ...paint, ...mapCharts(paint, unpackSeries) });

export function packFirstPaint(data: OverviewData | ControlsData): FirstPaint {
  return hasCharts(data) ? packOverview(data) : data;
}

export function unpackFirstPaint(paint: FirstPaint): OverviewData | ControlsData {
  return "errors" in paint ? unpackOverview(paint) : paint;
}
