import { z } from "zod";
import { wholeNumberParam } from "@/lib/wire/query-params";
import { CAUSE_IDS } from "@/lib/ingest/types";
import { TimeParam, checkRange } from "@/lib/rollups/schemas";

export const SAMPLES_DEFAULT_LIMIT = 50;
export const SAMPLES_MAX_LIMIT = 500;

/** Where the previous page ended: the last sample's (minute, at, id), opaque to clients. */
export interface SampleCursor {
  minuteMs: number;
  atMs: number;
  id: bigint;
}

export function encodeCursor(c: SampleCursor): string {
  return Buffer.from(`${c.minuteMs}.${c.atMs}.${c.id}`, "utf8").toString("base64url");
}

/** The cursor back, or null when it is not one this API handed out. */
export function decodeCursor(raw: string): SampleCursor | null {
  const text = Buffer.from(raw, "base64url").toString("utf8");
  const m = /^(\d{1,15})\.(\d{1,15})\.(\d{1,19})$/.exec(text);
  if (!m) return null;
  return { minuteMs: Number(m[1]), atMs: Number(m[2]), id: BigInt(m[3]!) };
}

const Cursor = z
  .string()
  .trim()
  .min(1, "is empty")
  .transform((s, ctx) => {
    const c = decodeCursor(s);
    if (!c) {
      ctx.addIssue({ code: "custom", message: "is not a cursor this API handed out (pass nextCursor back unchanged)" });
      return z.NEVER;
    }
    return c;
  })
  .describe("nextCursor of the previous page");

const Status = z
  .string()
  .trim()
  .regex(/^5\d\d$/, "must be a 5xx status such as 503: only 5xx are sampled")
  .transform(Number)
  .describe("one 5xx status, e.g. 503");

const Limit = wholeNumberParam(SAMPLES_MAX_LIMIT)
  .optional()
  .transform((n) => n ?? SAMPLES_DEFAULT_LIMIT)
  .describe(`samples per page (default ${SAMPLES_DEFAULT_LIMIT}, at most ${SAMPLES_MAX_LIMIT})`);

export const SamplesQuery = z
  .object({
    from: TimeParam,
    to: TimeParam,
    source: z.string().trim().min(1).optional().describe("source id or name"),
    backend: z.string().trim().min(1).optional().describe("backend name, as the logs name it"),
    cause: z.enum(CAUSE_IDS, { message: `must be one of ${CAUSE_IDS.join(", ")}` }).optional(),
    status: Status.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .superRefine(checkRange);
export type SamplesQuery = z.infer<typeof SamplesQuery>;

export const SampleView = z.object({
  id: z.string().describe("stable id (a 64-bit integer, as a string)"),
  at: z.string().describe("the request's time, ISO-8601"),
  minute: z.string().describe("the minute bucket the request was counted in"),
  source: z.object({ id: z.string(), name: z.string().nullable().describe("null when the source was deleted since") }),
  backend: z.string().describe('as the line named it; "" when it named none'),
  status: z.number().int(),
  cause: z.string(),
  line: z.string().describe("the raw log line as received"),
  fields: z.record(z.string(), z.unknown()).describe("what the parser read from the line (and, for nginx, its joined error-log line)"),
});
export type SampleView = z.infer<typeof SampleView>;

export const SamplesAnswer = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(SampleView).describe("newest first"),
  nextCursor: z.string().nullable().describe("pass as cursor for the next (older) page; null on the last page"),
  keptPerMinute: z.number().int().describe("samples kept per minute, source, backend and cause: the counts below are complete, samples are not"),
  keptForDays: z.number().int().describe("how long samples are kept (RETENTION_SAMPLE_DAYS); counts last longer"),
  totals: z
    .object({
      from: z.string().describe("the rollup window the counts cover (whole buckets)"),
      to: z.string(),
      resolution: z.enum(["minute", "hour"]),
      requests: z.number(),
      errors: z.number().describe("every 5xx in the window, for the backend and source filters"),
      byCause: z.record(z.string(), z.number()),
      byStatus: z.record(z.string(), z.number()).describe("5xx statuses only"),
    })
    .describe("counts from the rollups over the same window and backend and source filters (not narrowed by cause or status)"),
});
export type SamplesAnswer = z.infer<typeof SamplesAnswer>;
