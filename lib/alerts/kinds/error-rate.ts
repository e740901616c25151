// error_rate: the share of requests answered 5xx, 503 or one given status, above a percentage
// over a window, judged only once the window holds minRequests requests.
import { z } from "zod";
import { WindowDuration } from "@/lib/alerts/durations";
import { MinRequests, Percent, noRequests, tooFewRequests } from "@/lib/alerts/kinds/common";
import { percent, rounded, windowOf, type RuleKind, type WindowTotals } from "@/lib/alerts/kinds/types";

export const ErrorRateConfig = z
  .object({
    status: z
      .string("status must be text: \"5xx\", \"503\" or one status such as \"502\"")
      .regex(/^(5xx|[1-5]\d\d)$/, 'status must be "5xx" or one HTTP status such as "503" or "502".')
      .default("5xx"),
    above: Percent("above"),
    window: WindowDuration("window"),
    minRequests: MinRequests,
  })
  .strict();
export type ErrorRateConfig = z.infer<typeof ErrorRateConfig>;

function matching(status: string, t: WindowTotals): number {
  if (status === "5xx") return t.errors5xx;
  if (status === "503") return t.errors503;
  return t.statusCounts[status] ?? 0;
}

export const errorRateKind: RuleKind<ErrorRateConfig> = {
  id: "error_rate",
  configSchema: ErrorRateConfig,
  needs: (c) => ({
    windows: [{ path: ["config", "window"], seconds: c.window }],
    maps: c.status === "5xx" || c.status === "503" ? [] : ["status"],
    instancesFrom: "traffic",
  }),
  evaluate(c, data) {
    const t = windowOf(data, c.window);
    if (t.requests === 0) return { kind: "nodata", reason: noRequests(c.window) };
    const value = rounded(percent(matching(c.status, t), t.requests));
    if (t.requests < c.minRequests) {
      return { kind: "result", condition: false, value, threshold: c.above, reason: tooFewRequests(t.requests, c.minRequests, c.window) };
    }
    return { kind: "result", condition: value > c.above, value, threshold: c.above };
  },
};
