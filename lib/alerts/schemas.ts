// Alert rules: what the API accepts. The contract (issue #10) other tools depend on:
// {name, kind, scope, config, for, keepFiringFor, severity, channels, description, runbookUrl}.
// A config is checked by its kind's schema; windows may not reach past what the minute rollups
// keep (the limit is passed in: lib/config/env.ts retentionConfig). Channel ids are checked
// against the database by the create action, not here.
import { z } from "zod";
import { Duration, formatDuration } from "@/lib/alerts/durations";
import { RULE_KINDS, RULE_KIND_IDS, type RuleKindId } from "@/lib/alerts/kinds/registry";

export const SEVERITIES = ["info", "warning", "critical"] as const;
export const Severity = z.enum(SEVERITIES, 'severity must be "info", "warning" or "critical"');
export type Severity = z.infer<typeof Severity>;

export const RuleKindIdInput = z.enum(RULE_KIND_IDS, `kind must be one of ${RULE_KIND_IDS.join(", ")}`);

const ScopeName = (what: string) => z.string(`${what} must be text`).trim().min(1, `${what} cannot be empty.`).max(200, `${what} has at most 200 characters.`);

/** {} = every backend (one instance each); or one backend, the backends of one source, or those with one tag. */
export const RuleScope = z
  .object({ backend: ScopeName("scope.backend").optional(), source: ScopeName("scope.source").optional(), tag: ScopeName("scope.tag").optional() })
  .strict()
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length <= 1, "scope names at most one of backend, source and tag ({} means every backend).");
export type RuleScope = z.infer<typeof RuleScope>;

const ChannelIds = z
  .array(z.string("each channel id must be text").trim().min(1, "channel ids cannot be empty."), "channels must be a list of channel ids")
  .max(20, "At most 20 channels.")
  .transform((ids) => [...new Set(ids)]);

const RuleFields = {
  name: z.string("name must be text").trim().min(1, "Give the rule a name.").max(200, "Use at most 200 characters."),
  kind: RuleKindIdInput,
  scope: RuleScope.default({}),
  config: z.unknown(),
  for: Duration("for").default(0),
  keepFiringFor: Duration("keepFiringFor").default(0),
  severity: Severity.default("warning"),
  channels: ChannelIds.default([]),
  description: z.string("description must be text").trim().max(2000, "description has at most 2000 characters.").nullish(),
  runbookUrl: z
    .url({ protocol: /^https?$/, error: "runbookUrl must be an http(s) URL." })
    .max(2000, "runbookUrl has at most 2000 characters.")
    .nullish(),
};

export interface RuleLimits {
  /** The longest window a rule may sum: what the minute rollups keep (RETENTION_MINUTE_DAYS). */
  maxWindowSeconds: number;
}

export const limitsFromRetention = (retention: { minuteDays: number }): RuleLimits => ({ maxWindowSeconds: retention.minuteDays * 86_400 });

/** Checks `config` against its kind, and every window against the retention; issues name their full path. */
function checkConfig(rule: { kind: RuleKindId; config: unknown }, limits: RuleLimits, ctx: z.RefinementCtx): void {
  const kind = RULE_KINDS[rule.kind];
  const parsed = kind.configSchema.safeParse(rule.config ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["config", ...issue.path] });
    return;
  }
  const needs = kind.compile(parsed.data).needs;
  const limited = [...needs.windows, ...(needs.lastSeenLookback ? [needs.lastSeenLookback] : [])];
  for (const w of limited) {
    if (w.seconds > limits.maxWindowSeconds) {
      ctx.addIssue({
        code: "custom",
        path: w.path,
        message: `${formatDuration(w.seconds)} is longer than the ${formatDuration(limits.maxWindowSeconds)} of minute rollups kept (RETENTION_MINUTE_DAYS).`,
      });
    }
  }
}

/** The config is checked whenever the kind is readable, so its issues come with the other fields' in one answer. */
const kindIsReadable = (payload: z.core.ParsePayload) => {
  const value = payload.value as { kind?: unknown } | null;
  return typeof value === "object" && value !== null && RuleKindIdInput.safeParse(value.kind).success;
};

/** POST /api/v1/rules. */
export const ruleInputSchema = (limits: RuleLimits) =>
  z
    .object(RuleFields)
    .strict()
    .superRefine((rule, ctx) => checkConfig(rule, limits, ctx), { when: kindIsReadable });
export type RuleInput = z.infer<ReturnType<typeof ruleInputSchema>>;
/** What a client sends (durations as text). */
export type RuleInputText = z.input<ReturnType<typeof ruleInputSchema>>;

/** PATCH /api/v1/rules/:id: any contract field, plus enabled; merged onto the rule and checked whole. */
export const UpdateRuleInput = z
  .object({
    name: z.unknown(),
    kind: z.unknown(),
    scope: z.unknown(),
    config: z.unknown(),
    for: z.unknown(),
    keepFiringFor: z.unknown(),
    severity: z.unknown(),
    channels: z.unknown(),
    description: z.unknown(),
    runbookUrl: z.unknown(),
    enabled: z.boolean("enabled must be true or false"),
  })
  .partial()
  .strict();
export type UpdateRuleInput = z.infer<typeof UpdateRuleInput>;

export const RuleInstanceView = z.object({
  instance: z.string().describe('the backend name ("" for lines without one)'),
  state: z.enum(["normal", "pending", "firing", "recovering", "nodata", "error"]),
  since: z.string().describe("event time the state began"),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  reason: z.string().nullable(),
  evaluatedAt: z.string().nullable().describe("event time of the last evaluation"),
});
export type RuleInstanceView = z.infer<typeof RuleInstanceView>;

/** A rule as the API answers it: the contract's fields (durations as text) plus id, state and times. */
export const RuleView = z.object({
  id: z.string(),
  name: z.string(),
  kind: RuleKindIdInput,
  scope: RuleScope,
  config: z.record(z.string(), z.unknown()).describe("as submitted; checked by the kind's schema"),
  for: z.string(),
  keepFiringFor: z.string(),
  severity: Severity,
  channels: z.array(z.string()),
  description: z.string().nullable(),
  runbookUrl: z.string().nullable(),
  enabled: z.boolean(),
  instances: z.array(RuleInstanceView),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RuleView = z.infer<typeof RuleView>;
