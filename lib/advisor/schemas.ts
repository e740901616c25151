// GET /api/v1/advisor: the query it takes and the answer, for the route and the OpenAPI document.
import { z } from "zod";

export const AdvisorQuery = z
  .object({ backendId: z.string().trim().min(1).max(64, "backendId is too long").optional().describe("only this backend's findings") })
  .strict();

export const FindingView = z.object({
  backendId: z.string(),
  backendName: z.string(),
  kind: z.enum(["timeout_cuts_tail", "timeout_too_long", "probe_timeout_below_p99", "sick_on_one_check"]),
  severity: z.enum(["warning", "critical"]),
  setting: z.string().describe('the proxy\'s own name, e.g. "first_byte_timeout", "timeout server", "proxy_read_timeout"'),
  current: z.string(),
  change: z.string().describe('what to write instead, in the proxy\'s syntax, e.g. ".first_byte_timeout = 3s;"'),
  message: z.string(),
  saved: z.object({ count: z.number(), share: z.number(), unit: z.enum(["requests", "checks"]) }).describe("what the change would have saved over the period"),
});

export const AdvisorAnswerView = z.object({
  periodDays: z.number().int(),
  from: z.string(),
  to: z.string(),
  backendsChecked: z.number().int(),
  findings: z.array(FindingView),
});
