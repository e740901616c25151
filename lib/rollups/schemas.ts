import { z } from "zod";
import { wholeNumberParam } from "@/lib/wire/query-params";
import { DAY_MS } from "@/lib/rollups/levels";

/** ISO-8601 or epoch milliseconds. */
export const TimeParam = z
  .string()
  .trim()
  .min(1, "is required")
  .transform((s, ctx) => {
    const ms = /^\d{9,}$/.test(s) ? Number(s) : Date.parse(s);
    // A Date holds ±8.64e15 ms; a longer run of digits is a number but no time, and an invalid
    // Date would reach the query layer.
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      ctx.addIssue({ code: "custom", message: `"${s}" is neither ISO-8601 nor epoch milliseconds` });
      return z.NEVER;
    }
    return ms;
  })
  .describe("ISO-8601 (2026-11-21T10:00:00Z) or epoch milliseconds");

const Range = z.object({
  from: TimeParam,
  to: TimeParam,
  source: z.string().trim().min(1).optional(),
  backend: z.string().trim().min(1).optional(),
});

/** from before to, and not longer than the rollups keep: shared with every ranged query (samples too). */
export const checkRange = (v: { from: number; to: number }, ctx: z.RefinementCtx) => {
  if (v.to <= v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  if (v.to - v.from > 800 * DAY_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "range is longer than 800 days" });
};

export const SummaryQuery = Range.superRefine(checkRange);
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const SERIES_METRICS = [
  "requests", "errors", "error_rate", "rate_503", "errors_503", "latency_p50", "latency_p95", "latency_p99", "hit_ratio", "origin_fetches",
] as const;
/** The cache view's metrics: read from the cache handling of each request (Varnish, nginx, CDNs). */
export const CACHE_METRICS = ["hit_ratio", "origin_fetches"] as const;
export const SERIES_GROUPS = ["none", "backend", "cause", "status_class"] as const;

/** A step like 60, "60s", "5m", "1h" (seconds); must be whole minutes. */
const Step = z
  .string()
  .trim()
  .regex(/^\d+[smhd]?$/, "must look like 60, 5m or 1h")
  .transform((s) => {
    const n = parseInt(s, 10);
    const unit = s.replace(/^\d+/, "") || "s";
    return n * { s: 1, m: 60, h: 3600, d: 86_400 }[unit as "s" | "m" | "h" | "d"] * 1000;
  })
  .refine((ms) => ms >= 60_000 && ms % 60_000 === 0, "must be a whole number of minutes, at least 1m")
  .describe("bucket size: seconds, or with a unit (5m, 1h); default: about 240 points over the range");

/** Points per series at most (a day at one-minute steps is 1,440). */
export const MAX_SERIES_POINTS = 1_500;

export const MAX_SERIES_TOP = 100;
const Top = wholeNumberParam(MAX_SERIES_TOP)
  .optional()
  .describe("with groupBy=backend: only the N backends with the most requests (latency, rates) or the largest total (counts); `omitted` says how many were left out");

export const SeriesQuery = Range.extend({
  step: Step.optional(),
  top: Top,
  metric: z.enum(SERIES_METRICS, { message: `must be one of ${SERIES_METRICS.join(", ")}` }).default("requests"),
  groupBy: z.enum(SERIES_GROUPS, { message: `must be one of ${SERIES_GROUPS.join(", ")}` }).default("none"),
}).superRefine((v, ctx) => {
  checkRange(v, ctx);
  // Every point of every series is computed in memory (a latency point holds a histogram): a
  // step that cuts the range into more points than any chart shows is refused.
  if (v.step !== undefined && (v.to - v.from) / v.step > MAX_SERIES_POINTS) {
    const minutes = Math.ceil((v.to - v.from) / MAX_SERIES_POINTS / 60_000);
    ctx.addIssue({ code: "custom", path: ["step"], message: `gives more than ${MAX_SERIES_POINTS} points over this range; use a step of at least ${minutes}m` });
  }
  if (v.metric.startsWith("latency") && (v.groupBy === "cause" || v.groupBy === "status_class")) {
    ctx.addIssue({ code: "custom", path: ["groupBy"], message: `latency can be grouped by none or backend, not ${v.groupBy}` });
  }
  if ((v.metric === "errors_503" || v.metric === "rate_503") && v.groupBy === "status_class") {
    ctx.addIssue({ code: "custom", path: ["groupBy"], message: "503 metrics are one status class already" });
  }
  // Causes are counted per 5xx, not per status: a 503-by-cause split does not exist to read.
  if ((v.metric === "errors_503" || v.metric === "rate_503") && v.groupBy === "cause") {
    ctx.addIssue({ code: "custom", path: ["groupBy"], message: "503 metrics can be grouped by none or backend; use errors or error_rate for causes" });
  }
  if ((v.metric === "hit_ratio" || v.metric === "origin_fetches") && (v.groupBy === "cause" || v.groupBy === "status_class")) {
    ctx.addIssue({ code: "custom", path: ["groupBy"], message: `${v.metric} can be grouped by none or backend, not ${v.groupBy}` });
  }
  if (v.top !== undefined && v.groupBy !== "backend") {
    ctx.addIssue({ code: "custom", path: ["top"], message: "only applies with groupBy=backend" });
  }
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

const Latency = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });
const Counts = z.record(z.string(), z.number());

export const SummaryAnswer = z.object({
  from: z.string(),
  to: z.string(),
  resolution: z.enum(["minute", "hour"]),
  total: z.number(),
  byStatus: Counts,
  byCause: Counts,
  latency: Latency,
  byBackend: z.record(z.string(), z.object({ total: z.number(), byStatus: Counts, byCause: Counts, latency: Latency })),
});
export type SummaryAnswer = z.infer<typeof SummaryAnswer>;

export const SeriesAnswer = z.object({
  from: z.string(),
  to: z.string(),
  stepMs: z.number(),
  metric: z.enum(SERIES_METRICS),
  groupBy: z.enum(SERIES_GROUPS),
  resolution: z.enum(["minute", "hour"]),
  unit: z.string(),
  series: z.array(
    z.object({
      key: z.string(),
      points: z.array(z.tuple([z.number(), z.number().nullable()])),
      /**
       * Latency metrics only: the bucket starts where most requests failed before reaching an origin
       * (refused, no healthy backend, ...). Latency counts only answers an origin gave, so a value
       * there describes the few that got through (and a bucket with none has no value).
       */
      failureDominated: z
        .array(z.number())
        .optional()
        .describe("latency metrics: bucket starts (epoch ms) where most requests failed before reaching an origin; their durations are left out of the latency"),
    }),
  ),
  /** With `top`: how many groups with data were left out. */
  omitted: z.number().optional(),
});
export type SeriesAnswer = z.infer<typeof SeriesAnswer>;
