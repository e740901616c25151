import "server-only";
// The overview's first paint: the same query-API paths the browser refreshes with, answered by
// calling the lib functions directly instead of going through HTTP.
import type { Database } from "@/lib/db/client";
import { listBackends } from "@/lib/backends/backends";
import { listEvents } from "@/lib/events/events";
import { readSeries, readSummary } from "@/lib/rollups/read";
import { overviewPaths, type ControlsData, type OverviewData } from "@/components/dashboard/overview-queries";
import type { ViewState } from "@/components/dashboard/view-state";

// readSummary/readSeries parse a request URL; only its query string matters.
const url = (path: string) => `http://overview.internal${path}`;

export async function loadOverview(db: Database, view: ViewState, nowMs = Date.now()): Promise<OverviewData> {
  const paths = overviewPaths(view, nowMs);
  const [summary, summaryNow, errors, traffic, latency, events, backends] = await Promise.all([
    readSummary(db, url(paths.summary)),
    paths.summaryNow ? readSummary(db, url(paths.summaryNow)) : Promise.resolve(null),
    readSeries(db, url(paths.errors)),
    readSeries(db, url(paths.traffic)),
    Promise.all(paths.latency.map(async (l) => ({ percentile: l.percentile, answer: await readSeries(db, url(l.path)) }))),
    listEvents(db.prisma, Object.fromEntries(new URL(url(paths.events)).searchParams)),
    listBackends(db.prisma),
  ]);
  return { readAt: nowMs, range: paths.range, summary, summaryNow, errors, traffic, latency, events, backends };
}

/** The first paint of a page with the controls but no charts (the samples page). */
export async function loadControls(db: Database, view: ViewState, nowMs = Date.now()): Promise<ControlsData> {
  const paths = overviewPaths(view, nowMs);
  const [summary, backends] = await Promise.all([readSummary(db, url(paths.summary)), listBackends(db.prisma)]);
  return { readAt: nowMs, range: paths.range, summary, backends };
}
