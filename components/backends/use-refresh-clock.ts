"use client";
// The backend page's one refresh clock: each answer of its live data is a tick, and each press of
// "Refresh now" is counted, for the charts under it to follow (refresh-clock.ts).
import { useCallback, useMemo, useState } from "react";
import type { Live } from "@/components/backends/use-live";
import type { RefreshTick } from "@/components/dashboard/refresh-clock";

export function useRefreshClock<T>(live: Live<T>): { tick: RefreshTick; refreshNow: () => Promise<void> } {
  const [asked, setAsked] = useState(0);
  const { refresh, readAt } = live;
  const refreshNow = useCallback(async () => {
    setAsked((n) => n + 1);
    await refresh();
  }, [refresh]);
  const tick = useMemo<RefreshTick>(() => ({ at: readAt, asked }), [readAt, asked]);
  return { tick, refreshNow };
}
