// The browser's refresh of the overview: the same queries the server answered for the first paint,
// fetched as query-API paths.
import { callApi, type ApiFailure } from "@/components/forms/api";
import type { BackendView } from "@/lib/backends/schemas";
import type { EventView } from "@/lib/events/schemas";
import type { SeriesAnswer, SummaryAnswer } from "@/lib/rollups/schemas";
import { apiPath, readControls, readOverview, type ControlsData, type OverviewData, type OverviewReader } from "@/components/dashboard/overview-queries";
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

const browserReader: OverviewReader = {
  summary: (q) => get<SummaryAnswer>(apiPath("/api/v1/summary", q)),
  series: (q) => get<SeriesAnswer>(apiPath("/api/v1/series", { ...q, top: q.top === undefined ? undefined : String(q.top) })),
  events: async (q) => (await get<{ events: EventView[] }>(apiPath("/api/v1/events", q))).events,
  backends: async () => (await get<{ backends: BackendView[] }>("/api/v1/backends")).backends,
};

export type RefreshResult<T = OverviewData> = { ok: true; data: T } | { ok: false; error: ApiFailure };

async function refresh<T>(read: Promise<T>): Promise<RefreshResult<T>> {
  try {
    return { ok: true, data: await read };
  } catch (e) {
    if (e instanceof FetchFailed) return { ok: false, error: e.failure };
    throw e;
  }
}

export const fetchOverview = (view: ViewState, nowMs: number): Promise<RefreshResult> => refresh(readOverview(browserReader, view, nowMs));

/** The refresh of a page with the controls but no charts: the summary and the backends only. */
export const fetchControls = (view: ViewState, nowMs: number): Promise<RefreshResult<ControlsData>> => refresh(readControls(browserReader, view, nowMs));
