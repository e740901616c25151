// Builders for the pure alert tests: instance data with window totals, probes and capacity readings.
import type { InstanceData, ProbeFacts, WindowTotals } from "@/lib/alerts/kinds/types";
import { emptyTotals } from "@/lib/alerts/kinds/types";

export function data(windows: Record<number, Partial<WindowTotals>> = {}, extra: Partial<InstanceData> = {}): InstanceData {
  return {
    windows: new Map(Object.entries(windows).map(([s, t]) => [Number(s), { ...emptyTotals(), ...t }])),
    lastRequestAt: null,
    timeouts: { connectMs: null, firstByteMs: null, betweenBytesMs: null },
    probes: [],
    capacity: [],
    ...extra,
  };
}

export const probe = (p: Partial<ProbeFacts>): ProbeFacts => ({
  probeId: "p1",
  kind: "http",
  health: "healthy",
  sickSince: null,
  lastCheckAt: null,
  recent: [],
  ...p,
});
