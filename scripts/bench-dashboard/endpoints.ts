// Every API read the overview and the backend page make, for each range the UI offers, built
// with the overview's own path builder (components/dashboard/overview-queries.ts) so the bench
// asks exactly what the browser asks.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { overviewPaths } from "@/components/dashboard/overview-queries";
import { DEFAULT_VIEW, RANGE_PRESETS, type ViewState } from "@/components/dashboard/view-state";
import { probeResultsPath } from "@/components/backends/probe-ranges";
import { samplesApiPath } from "@/components/samples/drill";
import { DAY_MS } from "@/lib/rollups/levels";

export interface Endpoint {
  page: "overview" | "backend page";
  name: string;
  /** A range key (15m ... 30d, 400d), or "-" for reads that take no range. */
  range: string;
  path: string;
}

export const RANGES = [...RANGE_PRESETS.map((p) => p.key), "400d"] as const;
const root = join(import.meta.dirname, "../..");
export const samplesRouteExists = () => existsSync(join(root, "app/api/v1/samples/route.ts"));

function viewFor(range: string, nowMs: number, backend: string | null): ViewState {
  if (range === "400d") return { ...DEFAULT_VIEW, range: null, from: nowMs - 400 * DAY_MS, to: nowMs, backend };
  return { ...DEFAULT_VIEW, range: range as ViewState["range"], backend };
}

const seriesName = (path: string) => {
  const q = new URL(path, "http://x").searchParams;
  return `series ${q.get("metric")} by ${q.get("groupBy")}`;
};

/** The reads for one range, with "now" taken when they are about to be timed. */
export function endpointsFor(range: string, nowMs: number, focus: { backend: string; backendId: string }): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [page, backend] of [["overview", null], ["backend page", focus.backend]] as const) {
    const view = viewFor(range, nowMs, backend);
    const p = overviewPaths(view, nowMs);
    const add = (name: string, path: string) => out.push({ page, name, range, path });
    add("summary", p.summary);
    if (p.summaryNow) add("summary (last 5 min)", p.summaryNow);
    add(seriesName(p.errors), p.errors);
    add(seriesName(p.traffic), p.traffic);
    for (const l of p.latency) add(seriesName(l.path), l.path);
    add("events", p.events);
    if (page === "backend page" && samplesRouteExists()) {
      add("samples", samplesApiPath(view, p.range));
      add("samples ?cause", samplesApiPath({ ...view, cause: "backend_timeout" }, p.range));
    }
  }
  return out;
}

/** Reads that take no range (or their own short one). */
export function rangelessEndpoints(nowMs: number, focus: { backendId: string; probeId: string }): Endpoint[] {
  return [
    { page: "overview", name: "backends", range: "-", path: "/api/v1/backends" },
    { page: "backend page", name: "backend", range: "-", path: `/api/v1/backends/${focus.backendId}` },
    ...(["1h", "6h", "24h"] as const).map((r) => ({
      page: "backend page" as const,
      name: `probe results ${r}`,
      range: "-",
      path: probeResultsPath(focus.probeId, r, nowMs),
    })),
  ];
}
