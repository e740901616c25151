// no_data: a backend that sent traffic went silent. A dead shipper looks exactly like a healthy
// quiet site, so silence itself is the condition. Only backends seen within `lookback` count:
// one retired a month ago stops being reported.
import { z } from "zod";
import { Duration, WindowDuration, formatDuration } from "@/lib/alerts/durations";
import type { RuleKind } from "@/lib/alerts/kinds/types";

export const NoDataConfig = z
  .object({
    silentFor: WindowDuration("silentFor"),
    lookback: Duration("lookback").default(7 * 86_400),
  })
  .strict()
  .refine((c) => c.lookback > c.silentFor, { message: "lookback must be longer than silentFor.", path: ["lookback"] });
export type NoDataConfig = z.infer<typeof NoDataConfig>;

export const noDataKind: RuleKind<NoDataConfig> = {
  id: "no_data",
  configSchema: NoDataConfig,
  needs: (c) => ({ windows: [], maps: [], lastSeenLookback: { path: ["config", "lookback"], seconds: c.lookback }, instancesFrom: "traffic" }),
  evaluate(c, data, now) {
    if (data.lastRequestAt === null) {
      return { kind: "result", condition: false, value: 0, threshold: c.silentFor, reason: `no traffic within ${formatDuration(c.lookback)}` };
    }
    const silent = Math.max(0, Math.floor((now - data.lastRequestAt) / 1000));
    return { kind: "result", condition: silent >= c.silentFor, value: silent, threshold: c.silentFor };
  },
};
