// The events page's URL: the overview's range (same presets, same custom from/to, same parameter
// names, so a range reads the same on both pages) plus a type and a backend filter.
import { EVENT_TYPES } from "@/lib/events/schemas";
import { DEFAULT_VIEW, RANGE_PRESETS, formatTimeParam, parseView, viewToSearch, type RangeKey } from "@/components/dashboard/view-state";

export type EventTypeId = (typeof EVENT_TYPES)[number];

/** Events are sparse (a few deploys a day): a week shows a useful list where 6 hours often shows none. */
export const EVENTS_DEFAULT_RANGE: RangeKey = "7d";

export interface EventsView {
  range: RangeKey | null;
  from: number | null;
  to: number | null;
  type: EventTypeId | null;
  backend: string | null;
}

type ParamSource = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
const isEventType = (s: string | null): s is EventTypeId => (EVENT_TYPES as readonly (string | null)[]).includes(s);
const isRangeKey = (s: string | null): s is RangeKey => RANGE_PRESETS.some((p) => p.key === s);

export function parseEventsView(params: ParamSource): EventsView {
  // parseView does the range (custom from/to, clamping) and the backend exactly as the overview does.
  const base = parseView(params);
  const rangeParam = first(params.range);
  const type = first(params.type);
  return {
    range: base.range === null ? null : isRangeKey(rangeParam) ? rangeParam : EVENTS_DEFAULT_RANGE,
    from: base.from,
    to: base.to,
    type: isEventType(type) ? type : null,
    backend: base.backend,
  };
}

export function eventsViewToSearch(view: EventsView): string {
  const out = new URLSearchParams();
  if (view.range === null && view.from !== null && view.to !== null) {
    out.set("from", formatTimeParam(view.from));
    out.set("to", formatTimeParam(view.to));
  } else if (view.range && view.range !== EVENTS_DEFAULT_RANGE) {
    out.set("range", view.range);
  }
  if (view.type) out.set("type", view.type);
  if (view.backend) out.set("backend", view.backend);
  const s = out.toString();
  return s ? `?${s}` : "";
}

export function resolveEventsRange(view: EventsView, nowMs: number): { fromMs: number; toMs: number } {
  if (view.range === null && view.from !== null && view.to !== null) return { fromMs: view.from, toMs: view.to };
  const preset = RANGE_PRESETS.find((p) => p.key === (view.range ?? EVENTS_DEFAULT_RANGE))!;
  return { fromMs: nowMs - preset.ms, toMs: nowMs };
}

const AROUND_MS = 30 * 60_000;

/**
 * The overview zoomed to an hour around an event, so "did it start right after the deploy?" is one
 * click. The window stops at now when the event is recent: the future has nothing to chart.
 */
export function overviewAroundHref(atIso: string, nowMs: number): string {
  const at = Date.parse(atIso);
  const to = at <= nowMs ? Math.max(Math.min(at + AROUND_MS, nowMs), at + 5 * 60_000) : at + AROUND_MS;
  return `/${viewToSearch({ ...DEFAULT_VIEW, range: null, from: at - AROUND_MS, to })}`;
}
