// probe_health: a backend's probe sick for N consecutive checks or longer than a duration, or
// its results stale (no check for a duration: the scheduler or the probe itself is stuck).
import { z } from "zod";
import { Duration, formatDuration } from "@/lib/alerts/durations";
import type { ProbeFacts, RuleKind } from "@/lib/alerts/kinds/types";

const Checks = z.int("checks must be a whole number").min(1, "checks must be at least 1.").max(100, "checks can be at most 100.");

export const ProbeHealthConfig = z.discriminatedUnion(
  "mode",
  [
    z
      .object({ mode: z.literal("sick"), checks: Checks.optional(), sickFor: Duration("sickFor").optional() })
      .strict()
      .refine((c) => (c.checks === undefined) !== (c.sickFor === undefined), {
        message: "Give exactly one of checks (consecutive failed checks) and sickFor (how long the probe has been sick).",
        path: ["checks"],
      }),
    z.object({ mode: z.literal("stale"), after: Duration("after").refine((s) => s > 0, "after must be longer than 0s.") }).strict(),
  ],
  { error: 'mode must be "sick" or "stale"' },
);
export type ProbeHealthConfig = z.infer<typeof ProbeHealthConfig>;

function trailingFailures(p: ProbeFacts): number {
  let n = 0;
  for (let i = p.recent.length - 1; i >= 0 && !p.recent[i]; i--) n++;
  return n;
}

export const probeHealthKind: RuleKind<ProbeHealthConfig> = {
  id: "probe_health",
  configSchema: ProbeHealthConfig,
  needs: (c) => ({
    windows: [],
    maps: [],
    probeResults: c.mode === "sick" && c.checks !== undefined ? c.checks : 1,
    instancesFrom: "probes",
  }),
  evaluate(c, data, now) {
    if (data.probes.length === 0) return { kind: "nodata", reason: "the backend has no enabled probe" };
    if (c.mode === "stale") {
      // The stalest probe decides: any one that stopped reporting is a blind spot.
      const ages = data.probes.map((p) => (p.lastCheckAt === null ? Infinity : Math.max(0, now - p.lastCheckAt) / 1000));
      const value = Math.max(...ages);
      const shown = Number.isFinite(value) ? Math.round(value) : -1;
      const reason = Number.isFinite(value) ? undefined : "a probe has never reported";
      return { kind: "result", condition: value >= c.after, value: shown, threshold: c.after, reason };
    }
    if (c.checks !== undefined) {
      const value = Math.max(...data.probes.map(trailingFailures));
      return { kind: "result", condition: value >= c.checks, value, threshold: c.checks };
    }
    const sickFor = c.sickFor ?? 0;
    const sickSeconds = data.probes.map((p) => (p.health === "sick" && p.sickSince !== null ? Math.max(0, now - p.sickSince) / 1000 : 0));
    const value = Math.round(Math.max(...sickSeconds));
    const reason = value > 0 ? `sick for ${formatDuration(value)}` : undefined;
    return { kind: "result", condition: data.probes.some((p) => p.health === "sick") && value >= sickFor, value, threshold: sickFor, reason };
  },
};
