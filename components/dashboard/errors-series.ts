// What the "5xx over time" chart draws, decided apart from how: which series (causes in the
// canonical order, or the backends that answered 503 most), their words and colours, the subtitle,
// the empty note and the CSV. errors-chart.tsx puts them in a card.
import { fileStamp, toCsv } from "@/components/charts/export";
import { formatDuration } from "@/components/charts/format";
import { CAUSE_IDS, MAX_BACKEND_LINES, backendColors, backendLabel, causeColor, causeLabel, isCauseId } from "@/components/charts/palette";
import { timeGrid } from "@/components/charts/rows";
import type { OverviewData } from "@/components/dashboard/overview-queries";
import { count5xx } from "@/components/dashboard/summary-math";
import type { ViewState } from "@/components/dashboard/view-state";
import type { SeriesAnswer } from "@/lib/rollups/schemas";

type Line = SeriesAnswer["series"][number];

const causeOrder = (key: string) => (isCauseId(key) ? CAUSE_IDS.indexOf(key) : CAUSE_IDS.length);
const hasValue = (points: Line["points"]) => points.some(([, v]) => v !== null && v > 0);

export interface ErrorsPlan {
  by503: boolean;
  isRate: boolean;
  /** "5xx" or "503". */
  what: string;
  step: string;
  shown: Line[];
  labelOf(key: string): string;
  colorOf(key: string): string;
  subtitle: string;
  empty: string | null;
}

export function planErrors(view: ViewState, data: OverviewData): ErrorsPlan {
  const answer = data.errors;
  const by503 = view.only503;
  const isRate = view.errors === "rate";
  const what = by503 ? "503" : "5xx";
  const step = formatDuration(answer.stepMs);
  const backendColor = backendColors(Object.keys(data.summary.byBackend));
  const count503 = (key: string) => data.summary.byBackend[key]?.byStatus["503"] ?? 0;
  const shown = by503
    ? answer.series
        .filter((s) => hasValue(s.points))
        .sort((a, b) => count503(b.key) - count503(a.key))
        .slice(0, MAX_BACKEND_LINES)
        .sort((a, b) => a.key.localeCompare(b.key))
    : answer.series.filter((s) => (view.cause ? s.key === view.cause : hasValue(s.points))).sort((a, b) => causeOrder(a.key) - causeOrder(b.key));
  const anyErrors = (by503 ? (data.summary.byStatus["503"] ?? 0) : count5xx(data.summary.byStatus)) > 0;
  return {
    by503,
    isRate,
    what,
    step,
    shown,
    labelOf: (key) => (by503 ? backendLabel(key) : causeLabel(key)),
    colorOf: (key) => (by503 ? backendColor(key) : causeColor(key)),
    subtitle: subtitleOf(by503, isRate, step) + (by503 && view.cause ? " · every cause (503s are not split by cause)" : ""),
    empty: anyErrors
      ? null
      : data.summary.total === 0
        ? "No requests in this range."
        : `No ${what} in this range${view.cause && !by503 ? ` caused by ${causeLabel(view.cause)} (${view.cause})` : ""}.`,
  };
}

function subtitleOf(by503: boolean, isRate: boolean, step: string): string {
  if (by503) return isRate ? `Share of each backend's requests answered 503 · buckets of ${step}` : `503 responses per minute, per backend · buckets of ${step}`;
  return isRate ? `Share of all requests answered 5xx, stacked by cause · buckets of ${step}` : `5xx responses per minute, stacked by cause · buckets of ${step}`;
}

/** The chart's numbers as CSV: one column per series, keyed by id (cause or backend). */
export function errorsCsv(plan: ErrorsPlan, answer: SeriesAnswer): { filename: string; content: string } {
  const unit = plan.isRate ? (plan.by503 ? "share of the backend's requests" : "share of requests") : `responses per ${plan.step}`;
  return {
    filename: `origin-watch_${answer.metric}_by_${plan.by503 ? "backend" : "cause"}_${fileStamp(Date.parse(answer.from))}_${fileStamp(Date.parse(answer.to))}.csv`,
    content: toCsv(
      ["time", ...plan.shown.map((s) => `${s.key} (${unit})`)],
      timeGrid(answer).map((t, i) => [new Date(t).toISOString(), ...plan.shown.map((s) => s.points[i]?.[1] ?? null)]),
    ),
  };
}
