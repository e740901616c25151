// Probes of a backend: what the API accepts and answers. The kind's own config schema
// (lib/probes/kinds) and ProbeParams (Varnish defaults, lib/probes/health.ts) validate the rest
// in lib/backends/probe-input.ts, so every error names its field.
import { z } from "zod";
import { TimeParam } from "@/lib/rollups/schemas";
import { PROBE_KIND_IDS } from "@/lib/probes/types";

export const ProbeKindSchema = z.enum(PROBE_KIND_IDS, { message: `kind must be one of ${PROBE_KIND_IDS.join(", ")}` });
export const PROBE_ORIGINS = ["manual", "imported"] as const;

const Config = z
  .record(z.string(), z.unknown(), "config must be an object")
  .describe("the kind's settings, e.g. http {url, method, expectedStatus, bodyMatch, headers}, tcp {host, port}; see the kind's schema");
const Num = (name: string) => z.number(`${name} must be a number`);

const ParamFields = {
  intervalMs: Num("intervalMs").optional().describe("default 5000 (Varnish .interval)"),
  timeoutMs: Num("timeoutMs").optional().describe("default 2000 (Varnish .timeout); at most intervalMs"),
  window: Num("window").optional().describe("default 8 (Varnish .window)"),
  threshold: Num("threshold").optional().describe("default 3 (Varnish .threshold)"),
  initial: Num("initial").optional().describe("default threshold - 1 (Varnish .initial)"),
  enabled: z.boolean("enabled must be true or false").optional(),
};

export const CreateProbeInput = z.object({ kind: ProbeKindSchema, config: Config, ...ParamFields }).strict();
export type CreateProbeInput = z.infer<typeof CreateProbeInput>;

export const UpdateProbeInput = z
  .object({ kind: ProbeKindSchema.optional(), config: Config.optional(), ...ParamFields })
  .strict()
  .describe("changing kind needs a config too; a new kind or config starts a fresh health register");
export type UpdateProbeInput = z.infer<typeof UpdateProbeInput>;

export const ProbePhasesView = z.object({
  dnsMs: z.number().optional(),
  connectMs: z.number().optional(),
  tlsMs: z.number().optional(),
  firstByteMs: z.number().optional(),
  totalMs: z.number().optional(),
});

export const ProbeResultView = z.object({
  at: z.string().describe("when the check started (ISO-8601)"),
  ok: z.boolean(),
  errorClass: z.string().nullable(),
  status: z.number().int().nullable(),
  durationMs: z.number(),
  phases: ProbePhasesView.nullable().describe("each phase on its own, in ms"),
  signals: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).nullable(),
  message: z.string().nullable(),
  summary: z.string().nullable(),
});
export type ProbeResultView = z.infer<typeof ProbeResultView>;

export const ProbeView = z.object({
  id: z.string(),
  backendId: z.string(),
  kind: ProbeKindSchema,
  config: z.record(z.string(), z.unknown()).describe('header values ("[hidden]") and URL passwords ("hidden") are write-only for everyone; query values read "***" below admin; send a marker back to keep the stored value'),
  intervalMs: z.number().int(),
  timeoutMs: z.number().int(),
  window: z.number().int(),
  threshold: z.number().int(),
  initial: z.number().int(),
  enabled: z.boolean(),
  origin: z.enum(PROBE_ORIGINS),
  health: z.enum(["healthy", "sick", "unknown"]).describe("the verdict of its register; read `stale` before trusting it"),
  stale: z.boolean().describe("enabled, and no result for 3 of its intervals: its health says nothing about now"),
  healthHistory: z.string().describe("the register, oldest first: 1 good, 0 bad or not probed yet"),
  lastResult: ProbeResultView.nullable(),
  nextRunAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProbeView = z.infer<typeof ProbeView>;

export const MAX_RESULTS = 5_000;

export const ProbeResultsQuery = z
  .object({
    from: TimeParam.optional().describe("default: an hour before `to`"),
    to: TimeParam.optional().describe("default: now"),
    limit: z.coerce
      .number("limit must be a number")
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MAX_RESULTS, `limit cannot exceed ${MAX_RESULTS}`)
      .default(1_000)
      .describe("newest results first are kept when the range holds more"),
    every: z.coerce
      .number("every must be a number of seconds")
      .int("every must be a whole number of seconds")
      .min(1, "every must be at least 1 (second)")
      .max(3_600, "every cannot exceed 3600 (seconds)")
      .optional()
      .describe("seconds: keep the first check of each such slot, and every failed check (for long ranges)"),
  })
  .strict();
export type ProbeResultsQuery = z.infer<typeof ProbeResultsQuery>;

export const ProbeResultsAnswer = z.object({
  probeId: z.string(),
  from: z.string(),
  to: z.string(),
  truncated: z.boolean().describe("true when the range held more than `limit` results (the oldest were left out)"),
  everyMs: z.number().nullable().describe("the `every` slot in ms when the results were thinned, else null"),
  stats: z
    .object({ checks: z.number(), failed: z.number(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() })
    .describe("every check of the range, whatever was thinned or left out"),
  results: z.array(ProbeResultView).describe("oldest first"),
});
export type ProbeResultsAnswer = z.infer<typeof ProbeResultsAnswer>;
