// What POST /api/v1/ingest answers: the handler's type and the OpenAPI document's schema in one.
import { z } from "zod";

export const IngestAnswer = z.object({
  accepted: z.number().int().describe("lines accepted (access lines counted, plus nginx error-log lines read as evidence)"),
  rejected: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe("the first 20 rejected lines"),
  /** True when this Idempotency-Key was applied before: nothing was counted again. */
  duplicate: z.boolean().optional().describe("true when this Idempotency-Key was applied before"),
});
export type IngestAnswer = z.infer<typeof IngestAnswer>;
