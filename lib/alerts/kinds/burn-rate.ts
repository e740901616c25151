// burn_rate: an SLO (e.g. 99.9 % of requests without a 5xx) watched with multiwindow,
// multi-burn-rate pairs (Google SRE workbook, "Alerting on SLOs"). burn = error ratio / (1 - SLO).
// A pair holds when BOTH its long and its short window burn faster than its factor (the short
// one makes the alert stop soon after the burning stops); the rule holds when ANY pair does.
import { z } from "zod";
import { Duration, WindowDuration, formatDuration } from "@/lib/alerts/durations";
import { windowOf, rounded, type RuleKind, type WindowTotals } from "@/lib/alerts/kinds/types";

/** The workbook's pairs for a 30-day SLO: page at 2 % and 5 % of the budget, ticket at 10 %. */
export const SRE_WORKBOOK_PAIRS = [
  { long: 3_600, short: 300, factor: 14.4 },
  { long: 21_600, short: 1_800, factor: 6 },
  { long: 259_200, short: 21_600, factor: 1 },
] as const;

/**
 * A burn-rate rule's config for an SLO of `target` % over `windowDays`, as rule input. Each pair
 * spends the same share of the budget as the workbook's does over 30 days (2 %, 5 %, 10 %), so a
 * pair's factor scales with the period: 14.4x over 1 h on 30 days is 13.44x on 28 days.
 */
export function burnRateDefaults(slo: { target: number; windowDays: number }): { slo: number; period?: string; pairs?: { long: string; short: string; factor: number }[] } {
  // 30 days is the kind's default period and pairs: the input says only the target.
  if (slo.windowDays === 30) return { slo: slo.target };
  const scale = slo.windowDays / 30;
  const pairs = SRE_WORKBOOK_PAIRS.map((p) => ({ long: formatDuration(p.long), short: formatDuration(p.short), factor: Math.round(p.factor * scale * 1000) / 1000 }));
  return { slo: slo.target, period: formatDuration(slo.windowDays * 86_400), pairs };
}

const Pair = z
  .object({
    long: WindowDuration("long"),
    short: WindowDuration("short"),
    factor: z.number("factor must be a number").refine((v) => Number.isFinite(v) && v > 0, "factor must be above 0."),
  })
  .strict()
  .refine((p) => p.short < p.long, { message: "short must be a shorter window than long.", path: ["short"] });

export const BurnRateConfig = z
  .object({
    slo: z
      .number("slo must be a number (a percentage such as 99.9)")
      .refine((v) => Number.isFinite(v) && v > 0 && v < 100, "slo is a percentage above 0 and below 100, such as 99.9."),
    period: Duration("period").default(30 * 86_400),
    errors: z.enum(["5xx", "503"], 'errors must be "5xx" or "503"').default("5xx"),
    pairs: z
      .array(Pair, "pairs must be a list of {long, short, factor}")
      .min(1, "Give at least one pair, or leave pairs out for the SRE workbook's defaults.")
      .max(6, "At most 6 pairs.")
      .default(() => SRE_WORKBOOK_PAIRS.map((p) => ({ ...p }))),
  })
  .strict();
export type BurnRateConfig = z.infer<typeof BurnRateConfig>;

const errorsOf = (errors: BurnRateConfig["errors"], t: WindowTotals) => (errors === "503" ? t.errors503 : t.errors5xx);

export const burnRateKind: RuleKind<BurnRateConfig> = {
  id: "burn_rate",
  configSchema: BurnRateConfig,
  needs: (c) => ({
    windows: c.pairs.flatMap((p, i) => [
      { path: ["config", "pairs", i, "long"], seconds: p.long },
      { path: ["config", "pairs", i, "short"], seconds: p.short },
    ]),
    maps: [],
    instancesFrom: "traffic",
  }),
  evaluate(c, data) {
    const longest = Math.max(...c.pairs.map((p) => p.long));
    if (windowOf(data, longest).requests === 0) return { kind: "nodata", reason: `no requests in the last ${formatDuration(longest)}` };
    const budget = 1 - c.slo / 100;
    const burn = (seconds: number) => {
      const t = windowOf(data, seconds);
      return t.requests === 0 ? 0 : errorsOf(c.errors, t) / t.requests / budget;
    };
    // The pair closest to (or furthest past) its factor explains the state best.
    let best = { score: -1, value: 0, threshold: c.pairs[0].factor, holds: false, reason: "" };
    for (const p of c.pairs) {
      const bl = burn(p.long);
      const bs = burn(p.short);
      const value = Math.min(bl, bs);
      const holds = bl > p.factor && bs > p.factor;
      const score = value / p.factor;
      if ((holds && !best.holds) || (holds === best.holds && score > best.score)) {
        const reason = `burning ${rounded(bl)}x over ${formatDuration(p.long)} and ${rounded(bs)}x over ${formatDuration(p.short)} (pair factor ${p.factor}x)`;
        best = { score, value: rounded(value), threshold: p.factor, holds, reason };
      }
    }
    return { kind: "result", condition: best.holds, value: best.value, threshold: best.threshold, reason: best.reason };
  },
};
