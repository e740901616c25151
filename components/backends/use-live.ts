"use client";
// Live data for the backends pages: the server renders the first answer, the browser then asks the
// API again every few seconds (not while the tab is hidden, and at once when it shows again).
import { useCallback, useEffect, useRef, useState } from "react";
import { callApi, type ApiFailure } from "@/components/forms/api";

export interface Live<T> {
  data: T;
  /** Epoch ms of the answer shown. */
  readAt: number;
  /** The last refresh failed (the data shown is older); cleared by the next success. */
  error: ApiFailure | null;
  refresh: () => Promise<void>;
}

export function useLive<T>(path: string, initial: T, initialAt: number, everyMs: number): Live<T> {
  const [data, setData] = useState(initial);
  const [readAt, setReadAt] = useState(initialAt);
  const [error, setError] = useState<ApiFailure | null>(null);
  // Answers can arrive out of order (a manual refresh racing the timer): only the newest request counts.
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    const res = await callApi<T>("GET", path);
    if (mine !== seq.current) return;
    if (!res.ok) return setError(res.error);
    setData(res.data);
    setReadAt(Date.now());
    setError(null);
  }, [path]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) void refresh();
    }, everyMs);
    const onVisible = () => {
      if (!document.hidden) void refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh, everyMs]);

  return { data, readAt, error, refresh };
}

/**
 * The clock relative times are worked out against. It starts at the server's render time (so the
 * server and the hydrating browser write the same words) and then ticks every second.
 */
export function useNow(start: number, everyMs = 1000): number {
  const [now, setNow] = useState(start);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
