// cause_rate: one or more canonical causes (DOMAIN.md) above a percentage of all requests, or
// above a count per minute, over a window.
import { z } from "zod";
import { WindowDuration } from "@/lib/alerts/durations";
import { MinRequests, Percent, Threshold, noRequests, tooFewRequests } from "@/lib/alerts/kinds/common";
import { percent, rounded, windowOf, type RuleKind } from "@/lib/alerts/kinds/types";
import { CAUSE_IDS } from "@/lib/ingest/types";

const CauseIdInput = z.enum(CAUSE_IDS, { error: `unknown cause id: use one of ${CAUSE_IDS.join(", ")}` });

export const CauseRateConfig = z
  .object({
    causes: z
      .array(CauseIdInput, "causes must be a list of cause ids")
      .min(1, "Name at least one cause id.")
      .transform((ids) => [...new Set(ids)]),
    above: Percent("above").optional(),
    perMinute: Threshold("perMinute").optional(),
    window: WindowDuration("window"),
    minRequests: MinRequests,
  })
  .strict()
  .refine((c) => (c.above === undefined) !== (c.perMinute === undefined), {
    message: "Give exactly one of above (a percentage of requests) and perMinute (a count per minute).",
    path: ["above"],
  });
export type CauseRateConfig = z.infer<typeof CauseRateConfig>;

export const causeRateKind: RuleKind<CauseRateConfig> = {
  id: "cause_rate",
  configSchema: CauseRateConfig,
  needs: (c) => ({ windows: [{ path: ["config", "window"], seconds: c.window }], maps: ["cause"], instancesFrom: "traffic" }),
  evaluate(c, data) {
    const t = windowOf(data, c.window);
    const count = c.causes.reduce((sum, id) => sum + (t.causeCounts[id] ?? 0), 0);
    if (c.perMinute !== undefined) {
      // A count needs no minimum: 30 timeouts a minute matter whatever else the backend served.
      const value = rounded(count / (c.window / 60));
      return { kind: "result", condition: value > c.perMinute, value, threshold: c.perMinute };
    }
    const above = c.above ?? 0;
    if (t.requests === 0) return { kind: "nodata", reason: noRequests(c.window) };
    const value = rounded(percent(count, t.requests));
    if (t.requests < c.minRequests) {
      return { kind: "result", condition: false, value, threshold: above, reason: tooFewRequests(t.requests, c.minRequests, c.window) };
    }
    return { kind: "result", condition: value > above, value, threshold: above };
  },
};
