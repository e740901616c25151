// OpenAPI paths for alert rules and silences, from the same zod schemas the actions parse with.
import { z } from "zod";
import type { PathHelpers } from "@/lib/openapi/backend-paths";
import { RULE_KINDS, RULE_KIND_IDS } from "@/lib/alerts/kinds/registry";
import { RuleView, UpdateRuleInput, limitsFromRetention, ruleInputSchema } from "@/lib/alerts/schemas";
import { SilenceInput, SilenceView } from "@/lib/alerts/silence-schemas";
import { BacktestInput, BacktestResult, SuggestionsQuery } from "@/lib/alerts/backtest-schemas";

type Json = Record<string, unknown>;

/** The rule body with `config` documented per kind (the action checks it against the chosen kind). */
function ruleBody(h: PathHelpers, s: z.ZodType): Json {
  const body = h.schema(s, "input") as { properties?: Json };
  const config = { oneOf: RULE_KIND_IDS.map((kind) => ({ title: kind, ...h.schema(RULE_KINDS[kind].configSchema, "input") })) };
  return { content: { "application/json": { schema: { ...body, properties: { ...body.properties, config } } } } };
}

export function alertPaths(h: PathHelpers): Json {
  const { json, errors, idParam } = h;
  // The document shows the shape; the window limit in force comes from RETENTION_MINUTE_DAYS.
  const input = ruleInputSchema(limitsFromRetention({ minuteDays: 30 }));
  const ruleSchema = (ruleBody(h, input).content as { "application/json": { schema: Json } })["application/json"].schema;
  const suggestionsSchema = { type: "object", required: ["suggestions"], properties: { suggestions: { type: "array", items: ruleSchema } } };
  return {
    "/api/v1/rules": {
      get: { summary: "Alert rules with each instance's state, value and threshold", responses: { "200": { description: "rules", ...json(z.object({ rules: z.array(RuleView) })) }, ...errors(401) } },
      post: {
        summary: "Create an alert rule (editor+)",
        description:
          'Example: {"name": "5xx over 5%", "kind": "error_rate", "scope": {}, "config": {"status": "5xx", "above": 5, "window": "5m", "minRequests": 20}, "for": "0s", "keepFiringFor": "2m", "severity": "critical", "channels": []}. `above` is a percentage; durations are "30s", "5m", "1h", "3d"; windows may not exceed the minute rollups\' retention. A 400 names each bad field (a negative threshold, an unknown cause id, a window too long, a channel id that does not exist).',
        requestBody: ruleBody(h, input),
        responses: { "201": { description: "created", ...json(RuleView) }, ...errors(400, 401, 403, 409) },
      },
    },
    "/api/v1/rules/suggestions": {
      get: {
        summary: "Suggested rules per backend seen in traffic or probes, each a body POST /api/v1/rules accepts as is",
        description:
          "5xx above 1 % over 5m (minRequests 20); p95 above 0.8 x the first-byte timeout over 10m when the timeout is known; probe sick for 3 checks when the backend has a probe; burn rate against the backend's SLO when one is set (PATCH /api/v1/backends/{id} with slo), with the SRE workbook's pairs scaled to its window. Suggestions an existing rule already covers are left out.",
        parameters: h.queryParameters(SuggestionsQuery),
        responses: { "200": { description: "suggestions", content: { "application/json": { schema: suggestionsSchema } } }, ...errors(400, 401) },
      },
    },
    "/api/v1/rules/backtest": {
      post: {
        summary: "Replay a rule (saved or not) over the last 24h or 7d of minute rollups: value series, threshold, firing periods",
        description:
          'Body: {"rule": <a body POST /api/v1/rules accepts>, "range": "24h" | "7d", "backend"?: "<name>"}. Answers "would have fired N times, for X minutes in all". probe_health and capacity rules answer 400 (they read probe results, which are not replayed). Viewers may run it: it changes nothing.',
        requestBody: json(BacktestInput, "input"),
        responses: { "200": { description: "backtest", ...json(BacktestResult) }, ...errors(400, 401) },
      },
    },
    "/api/v1/rules/{id}": {
      get: { summary: "One alert rule", parameters: [idParam], responses: { "200": { description: "rule", ...json(RuleView) }, ...errors(401, 404) } },
      patch: {
        summary: "Change an alert rule (editor+): any of the create fields, plus enabled; the result is checked as a whole rule",
        parameters: [idParam],
        requestBody: ruleBody(h, UpdateRuleInput),
        responses: { "200": { description: "updated", ...json(RuleView) }, ...errors(400, 401, 403, 404, 409) },
      },
      delete: { summary: "Delete an alert rule and its history (editor+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
    },
    "/api/v1/silences": {
      get: { summary: "Silences and maintenance windows with their state (pending, active, expired)", responses: { "200": { description: "silences", ...json(z.object({ silences: z.array(SilenceView) })) }, ...errors(401) } },
      post: {
        summary: "Open a silence or maintenance window (editor+): one-off (startsAt..endsAt) or weekly (weekdays, from, to in a time zone)",
        description: "Silences suppress notifications only: transitions are still recorded, marked silenced.",
        requestBody: json(SilenceInput, "input"),
        responses: { "201": { description: "created", ...json(SilenceView) }, ...errors(400, 401, 403) },
      },
    },
    "/api/v1/silences/{id}": {
      delete: { summary: "End and remove a silence (editor+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
    },
  };
}
