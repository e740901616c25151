// The browser's refresh of the overview: the same paths the server answered for the first paint.
import { callApi, type ApiFailure } from "@/components/forms/api";
import type { BackendView } from "@/lib/backends/schemas";
import type { EventView } from "@/lib/events/schemas";
import type { SeriesAnswer, SummaryAnswer } from "@/lib/rollups/schemas";
import { overviewPaths, type ControlsData, type OverviewData } from "@/components/dashboard/overview-queries";
import type { ViewState } from "@/components/dashboard/view-state";

class FetchFailed extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

async function get<T>(path: string): Promise<T> {
  const res = await callApi<T>("GET", path);
  if (!res.ok) throw new FetchFailed(res.error);
  return res.data;
}

export type RefreshResult<T = OverviewData> = { ok: true; data: T } | { ok: false; error: ApiFailure };

export async function fetchOverview(view: ViewState, nowMs: number): Promise<RefreshResult> {
  const paths = overviewPaths(view, nowMs);
  try {
    const [summary, summaryNow, errors, traffic, latency, events, backends] = await Promise.all([
      get<SummaryAnswer>(paths.summary),
      paths.summaryNow ? get<SummaryAnswer>(paths.summaryNow) : Promise.resolve(null),
      get<SeriesAnswer>(paths.errors),
      get<SeriesAnswer>(paths.traffic),
      Promise.all(paths.latency.map(async (l) => ({ percentile: l.percentile, answer: await get<SeriesAnswer>(l.path) }))),
      get<{ events: EventView[] }>(paths.events),
      get<{ backends: BackendView[] }>("/api/v1/backends"),
    ]);
    return {
      ok: true,
      data: { readAt: nowMs, range: paths.range, summary, summaryNow, errors, traffic, latency, events: events.events, backends: backends.backends },
    };
  } catch (e) {
    if (e instanceof FetchFailed) return { ok: false, error: e.failure };
    throw e;
  }
}

/** The refresh of a page with the controls but no charts: the summary and the backends only. */
export async function fetchControls(view: ViewState, nowMs: number): Promise<RefreshResult<ControlsData>> {
  const paths = overviewPaths(view, nowMs);
  try {
    const [summary, backends] = await Promise.all([get<SummaryAnswer>(paths.summary), get<{ backends: BackendView[] }>("/api/v1/backends")]);
    return { ok: true, data: { readAt: nowMs, range: paths.range, summary, backends: backends.backends } };
  } catch (e) {
    if (e instanceof FetchFailed) return { ok: false, error: e.failure };
    throw e;
  }
}
