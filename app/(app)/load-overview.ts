import "server-only";
// The overview's first paint: the same typed queries the browser refreshes with, answered by the
// lib functions directly (no HTTP, no URL), parsed by the same zod schemas as the query API.
import type { Actor } from "@/lib/auth/permissions";
import type { Database } from "@/lib/db/client";
import { parseInput } from "@/lib/errors/parse";
import { listBackends } from "@/lib/backends/backends";
import { listEvents } from "@/lib/events/events";
import { readSeries, readSummary } from "@/lib/rollups/read";
import { SeriesQuery, SummaryQuery } from "@/lib/rollups/schemas";
import { readControls, readOverview, type ControlsData, type OverviewData, type OverviewReader } from "@/components/dashboard/overview-queries";
import { resolveRange, type ViewState } from "@/components/dashboard/view-state";
import type { LoadedSamples } from "@/components/samples/samples-section";
import { loadSamples } from "./load-samples";

/** `actor`: backends' last probe results are shown as that reader may see them. */
function serverReader(db: Database, actor: Actor): OverviewReader {
  return {
    summary: (q) => readSummary(db, parseInput(SummaryQuery, q)),
    series: (q) => readSeries(db, parseInput(SeriesQuery, q)),
    events: (q) => listEvents(db.prisma, q),
    backends: () => listBackends(db.prisma, actor),
  };
}

export const loadOverview = (db: Database, view: ViewState, actor: Actor, nowMs = Date.now()): Promise<OverviewData> =>
  readOverview(serverReader(db, actor), view, nowMs);

/** The first paint of a page with the controls but no charts (the samples page). */
export const loadControls = (db: Database, view: ViewState, actor: Actor, nowMs = Date.now()): Promise<ControlsData> =>
  readControls(serverReader(db, actor), view, nowMs);

/** A page's data and its first page of samples, read side by side at one "now" (the same range). */
export function withSamples<T extends ControlsData>(db: Database, view: ViewState, load: (nowMs: number) => Promise<T>): Promise<[T, LoadedSamples]> {
  const nowMs = Date.now();
  return Promise.all([load(nowMs), loadSamples(db, view, resolveRange(view, nowMs))]);
}
