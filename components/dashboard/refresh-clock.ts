"use client";
// A page that refreshes on a clock of its own (a backend's page: its health every 10 s, with
// "Refresh now") provides its ticks here; the overview provider under it then re-reads its charts
// on that clock instead of running a second timer with a second toggle.
import { createContext } from "react";

export interface RefreshTick {
  /** When the page last read its own data (epoch ms): a new value is a tick. */
  at: number;
  /** How many times "Refresh now" was pressed: a new count means the charts follow at once, not at their own pace. */
  asked: number;
}

export const RefreshClockContext = createContext<RefreshTick | null>(null);
