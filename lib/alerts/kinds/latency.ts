// latency: p95 or p99 above a value in ms, or above a fraction of the backend's proxy timeout
// (0.8 x first_byte_timeout: requests are about to be cut off as 503s/504s).
import { z } from "zod";
import { WindowDuration } from "@/lib/alerts/durations";
import { MinRequests, Threshold, tooFewRequests } from "@/lib/alerts/kinds/common";
import { rounded, windowOf, type BackendTimeoutsMs, type RuleKind } from "@/lib/alerts/kinds/types";
import { quantile } from "@/lib/rollups/histogram";
import { countAndSum, toDense } from "@/lib/rollups/sparse";
import { formatDuration } from "@/lib/alerts/durations";

const TIMEOUTS = { firstByte: "firstByteMs", connect: "connectMs", betweenBytes: "betweenBytesMs" } as const satisfies Record<
  string,
  keyof BackendTimeoutsMs
>;
const TIMEOUT_NAMES = { firstByte: "first-byte", connect: "connect", betweenBytes: "between-bytes" } as const;

export const LatencyConfig = z
  .object({
    percentile: z.enum(["p95", "p99"], 'percentile must be "p95" or "p99"').default("p95"),
    aboveMs: Threshold("aboveMs").optional(),
    aboveTimeoutFraction: Threshold("aboveTimeoutFraction")
      .refine((v) => v > 0 && v <= 10, "aboveTimeoutFraction must be above 0 and at most 10 (0.8 means 80 % of the timeout).")
      .optional(),
    timeout: z.enum(["firstByte", "connect", "betweenBytes"], 'timeout must be "firstByte", "connect" or "betweenBytes"').default("firstByte"),
    window: WindowDuration("window"),
    minRequests: MinRequests,
  })
  .strict()
  .refine((c) => (c.aboveMs === undefined) !== (c.aboveTimeoutFraction === undefined), {
    message: "Give exactly one of aboveMs (milliseconds) and aboveTimeoutFraction (a fraction of the backend's proxy timeout).",
    path: ["aboveMs"],
  });
export type LatencyConfig = z.infer<typeof LatencyConfig>;

export const latencyKind: RuleKind<LatencyConfig> = {
  id: "latency",
  configSchema: LatencyConfig,
  needs: (c) => ({
    windows: [{ path: ["config", "window"], seconds: c.window }],
    maps: ["latency"],
    timeouts: c.aboveTimeoutFraction !== undefined,
    instancesFrom: "traffic",
  }),
  evaluate(c, data) {
    let threshold = c.aboveMs ?? 0;
    if (c.aboveTimeoutFraction !== undefined) {
      const timeoutMs = data.timeouts[TIMEOUTS[c.timeout]];
      if (timeoutMs === null) {
        return { kind: "error", reason: `the backend's ${TIMEOUT_NAMES[c.timeout]} timeout is not known: set it on the backend or use aboveMs` };
      }
      threshold = rounded(c.aboveTimeoutFraction * timeoutMs);
    }
    const dense = toDense(windowOf(data, c.window).latencyHist);
    const { count } = countAndSum(dense);
    if (count === 0) return { kind: "nodata", reason: `no timed requests in the last ${formatDuration(c.window)}` };
    const value = rounded(quantile(dense, c.percentile === "p95" ? 0.95 : 0.99) ?? 0);
    if (count < c.minRequests) {
      return { kind: "result", condition: false, value, threshold, reason: tooFewRequests(count, c.minRequests, c.window) };
    }
    return { kind: "result", condition: value > threshold, value, threshold };
  },
};
