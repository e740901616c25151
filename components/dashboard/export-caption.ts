// The caption of the overview's exported charts: "Range: Dec 7, 09:00 – 15:00 (last 6 hours) ·
// Times in Europe/Paris (UTC+1)" and the filters in force, in words.
import { formatDateTime, timeZoneName } from "@/components/charts/format";
import { RANGE_PRESETS, type ViewState } from "@/components/dashboard/view-state";
import { backendLabel } from "@/components/charts/palette";
import { CAUSE_LABEL } from "@/lib/ingest/cause-labels";
import { isCauseId } from "@/lib/ingest/types";

export function exportCaption(view: ViewState, range: { fromMs: number; toMs: number }, sourceName: (id: string) => string): string[] {
  const preset = RANGE_PRESETS.find((p) => p.key === view.range);
  const lines = [
    `Range: ${formatDateTime(range.fromMs, true)} – ${formatDateTime(range.toMs, true)}${preset ? ` (${preset.title.toLowerCase()})` : ""} · times in ${timeZoneName()}`,
  ];
  const filters: string[] = [];
  if (view.source) filters.push(`source ${sourceName(view.source)}`);
  if (view.backend !== null) filters.push(`backend ${backendLabel(view.backend)}`);
  if (view.cause) filters.push(`cause ${isCauseId(view.cause) ? `${CAUSE_LABEL[view.cause]} (${view.cause})` : view.cause}`);
  if (view.only503) filters.push("503 only");
  lines.push(filters.length > 0 ? `Filters: ${filters.join(" · ")}` : "Filters: none (every source and backend)");
  return lines;
}
