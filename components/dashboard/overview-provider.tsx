"use client";
// The overview's state in the browser. The view lives in the URL: changing it replaces the URL,
// and the server page answers with the new data (a transition: the old view stays on screen,
// dimmed, until the new one is ready). Auto-refresh re-reads the same paths through the API.
import { createContext, useCallback, useContext, useEffect, useMemo, useOptimistic, useRef, useState, useTransition, type ReactNode } from "react";
import { RefreshClockContext } from "@/components/dashboard/refresh-clock";
import { usePathname, useRouter } from "next/navigation";
import { fetchControls, fetchOverview } from "@/components/dashboard/fetch-overview";
import { hasCharts, type ControlsData, type OverviewData, type SourceOption } from "@/components/dashboard/overview-queries";
import { viewToSearch, type ViewState } from "@/components/dashboard/view-state";
import { ExportCaptionContext } from "@/components/charts/export-caption";
import { unpackFirstPaint, type FirstPaint } from "@/components/dashboard/first-paint";
import { exportCaption } from "@/components/dashboard/export-caption";

export const REFRESH_MS = 30_000;

interface RefreshStatus {
  busy: boolean;
  error: string | null;
}

interface OverviewContextValue {
  /** The view being shown or, during a change, the one being loaded. */
  view: ViewState;
  /** What the controls read; a page without charts reads only this. */
  data: ControlsData;
  /** The charts' data, or null on a page without charts (see useCharts). */
  charts: OverviewData | null;
  sources: SourceOption[];
  /** True while a new view loads. */
  pending: boolean;
  refresh: RefreshStatus;
  navigate(next: ViewState, opts?: { push?: boolean }): void;
  /** The URL of a view (for links that can be opened in a new tab). */
  hrefOf(next: ViewState): string;
  /** On a backend's page: its name. The view's backend stays on it, and its path says it, not the query. */
  pinnedBackend: string | null;
  /** True when the page's own refresh clock drives the charts (refresh-clock.ts): no toggle of ours. */
  outerClock: boolean;
}

const OverviewContext = createContext<OverviewContextValue | null>(null);

export function useOverview(): OverviewContextValue {
  const ctx = useContext(OverviewContext);
  if (!ctx) throw new Error("useOverview outside <OverviewProvider>");
  return ctx;
}

/** For charts: the overview's context with the charts' data (a provider given chart data). */
export function useCharts(): Omit<OverviewContextValue, "data"> & { data: OverviewData } {
  const ctx = useOverview();
  if (!ctx.charts) throw new Error("useCharts under an <OverviewProvider> without chart data");
  return { ...ctx, data: ctx.charts };
}

interface Props {
  view: ViewState;
  /** With chart data, auto-refresh re-reads the charts too; with ControlsData, only the controls'. Packed by the server (first-paint.ts). */
  initial: FirstPaint;
  sources: SourceOption[];
  pinnedBackend?: string | null;
  children: ReactNode;
}

export function OverviewProvider({ view, initial: packed, sources, pinnedBackend = null, children }: Props) {
  // Unpacked once per first paint: its identity marks "new data from the server" below.
  const initial = useMemo(() => unpackFirstPaint(packed), [packed]);
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [shownView, setShownView] = useOptimistic(view);

  // Data from the server (first paint, every view change) wins over an older refresh.
  const [state, setState] = useState({ from: initial, data: initial });
  if (state.from !== initial) setState({ from: initial, data: initial });
  const [refresh, setRefresh] = useState<RefreshStatus>({ busy: false, error: null });

  const hrefOf = useCallback(
    (next: ViewState) => `${pathname}${viewToSearch(pinnedBackend === null ? next : { ...next, backend: null })}`,
    [pathname, pinnedBackend],
  );
  const navigate = useCallback(
    (asked: ViewState, opts?: { push?: boolean }) => {
      const next = pinnedBackend === null ? asked : { ...asked, backend: pinnedBackend };
      startTransition(() => {
        setShownView(next);
        if (opts?.push) router.push(hrefOf(next), { scroll: false });
        else router.replace(hrefOf(next), { scroll: false });
      });
    },
    [router, hrefOf, setShownView, pinnedBackend],
  );

  const outer = useContext(RefreshClockContext);
  const live = outer === null && view.refresh && view.range !== null;
  // Re-reads the view's data; answers for a view no longer shown are dropped.
  const lastRead = useRef(0);
  const reread = useCallback(
    async (isCurrent: () => boolean) => {
      // A hidden tab does not need fresh numbers; it catches up when shown again.
      if (document.visibilityState === "hidden") return;
      lastRead.current = Date.now();
      setRefresh((r) => ({ ...r, busy: true }));
      const result = hasCharts(initial) ? await fetchOverview(view, Date.now()) : await fetchControls(view, Date.now());
      if (!isCurrent()) return;
      if (result.ok) {
        setState((s) => ({ ...s, data: result.data }));
        setRefresh({ busy: false, error: null });
      } else {
        setRefresh({ busy: false, error: result.error.message });
      }
    },
    [view, initial],
  );

  // Under a page's own clock: its ticks, at most one re-read per REFRESH_MS unless asked for. The
  // first run is the server's first paint, fresh already.
  const seenAsked = useRef<number | null>(null);
  useEffect(() => {
    if (!outer || view.range === null) return;
    const first = seenAsked.current === null;
    const manual = !first && outer.asked !== seenAsked.current;
    seenAsked.current = outer.asked;
    if (first) {
      lastRead.current = Date.now();
      return;
    }
    if (!manual && Date.now() - lastRead.current < REFRESH_MS) return;
    let current = true;
    void reread(() => current);
    return () => {
      current = false;
    };
  }, [outer, view.range, reread]);

  useEffect(() => {
    if (!live) return;
    let cancelled = false;
    const tick = () => reread(() => !cancelled);
    const timer = setInterval(() => void tick(), REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") void tick();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      cancelled = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [live, reread]);

  const value = useMemo<OverviewContextValue>(
    () => ({
      view: shownView,
      data: state.data,
      charts: hasCharts(state.data) ? state.data : null,
      sources,
      pending,
      refresh: live || outer ? refresh : { busy: false, error: null },
      navigate,
      hrefOf,
      pinnedBackend,
      outerClock: outer !== null,
    }),
    [shownView, state.data, sources, pending, refresh, live, outer, navigate, hrefOf, pinnedBackend],
  );
  // Built when a chart is exported would be too late to say which view it was: built per view.
  const caption = useMemo(
    () => exportCaption(shownView, state.data.range, (id) => sources.find((s) => s.id === id)?.name ?? id),
    [shownView, state.data.range, sources],
  );
  return (
    <OverviewContext.Provider value={value}>
      <ExportCaptionContext.Provider value={caption}>{children}</ExportCaptionContext.Provider>
    </OverviewContext.Provider>
  );
}
