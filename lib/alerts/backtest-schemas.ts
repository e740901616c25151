// What the backtest and suggestion routes accept and answer.
import { z } from "zod";
import { RuleView } from "@/lib/alerts/schemas";

export const BACKTEST_RANGES = { "24h": 86_400, "7d": 7 * 86_400 } as const;
export type BacktestRange = keyof typeof BACKTEST_RANGES;

/** POST /api/v1/rules/backtest: a rule input (saved or not) and how far back to replay it. */
export const BacktestInput = z
  .object({
    rule: z.record(z.string(), z.unknown(), "rule must be a rule input, as POST /api/v1/rules takes it"),
    range: z.enum(["24h", "7d"], 'range must be "24h" or "7d"').default("24h"),
    backend: z.string("backend must be text").trim().min(1, "backend cannot be empty.").max(200).optional().describe("only this instance"),
  })
  .strict();
export type BacktestInput = z.infer<typeof BacktestInput>;

export const SuggestionsQuery = z.object({ backend: z.string().trim().min(1, "backend cannot be empty.").max(200).optional() }).strict();

const Period = z.object({ from: z.number().describe("epoch ms"), to: z.number().describe("epoch ms (exclusive)") });

export const BacktestInstance = z.object({
  instance: z.string().describe("the backend name"),
  points: z
    .array(z.object({ t: z.number().describe("epoch ms: end of the minute evaluated"), value: z.number().nullable(), threshold: z.number().nullable(), state: RuleView.shape.instances.element.shape.state }))
    .describe("one point per minute"),
  firings: z.array(Period).describe("periods spent firing (including keepFiringFor)"),
  fired: z.int().describe("how many times the instance went to firing"),
  firingMinutes: z.int(),
});
export type BacktestInstance = z.infer<typeof BacktestInstance>;

export const BacktestResult = z.object({
  range: z.enum(["24h", "7d"]),
  from: z.number().describe("epoch ms"),
  to: z.number().describe("epoch ms"),
  fired: z.int().describe("times any instance would have gone to firing"),
  firingMinutes: z.int().describe("minutes instances would have spent firing, added up"),
  summary: z.string().describe('"would have fired N times, for X minutes in all"'),
  instances: z.array(BacktestInstance).describe("at most 20, those that fired most first"),
  queryMs: z.number().describe("time spent reading rollups"),
  totalMs: z.number(),
});
export type BacktestResult = z.infer<typeof BacktestResult>;
