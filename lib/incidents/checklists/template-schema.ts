// What a team may save as a checklist: the same shape as the built-ins (types.ts), checked at the
// boundary. Step ids key the ticks of open incidents, so they stay short, stable and unique.
import { z } from "zod";
import { CAUSE_IDS } from "@/lib/ingest/types";
import type { Stack } from "@/lib/incidents/checklists/types";

export const STACKS = ["varnish", "nginx", "haproxy", "envoy", "phpfpm", "app", "db"] as const satisfies readonly Stack[];

const StepCheck = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("probe_healthy"), minutes: z.number().int().min(1).max(120) }).strict(),
  z.object({ kind: z.literal("cause_below_threshold"), causes: z.array(z.enum(CAUSE_IDS)).min(1).max(CAUSE_IDS.length) }).strict(),
  z.object({ kind: z.literal("deploy_after_open") }).strict(),
]);

const Commands = z.partialRecord(z.enum(STACKS), z.array(z.string().trim().min(1).max(500)).max(20));

export const StepTemplateInput = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lowercase letters, digits and dashes"),
    title: z.string().trim().min(1).max(200),
    detail: z.string().trim().max(5000).default(""),
    commands: Commands.optional(),
    check: StepCheck.optional(),
  })
  .strict();

export const ChecklistInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    steps: z.array(StepTemplateInput).min(1).max(50),
  })
  .strict()
  .refine((c) => new Set(c.steps.map((s) => s.id)).size === c.steps.length, { message: "step ids must be unique", path: ["steps"] });
export type ChecklistInput = z.infer<typeof ChecklistInput>;

// Answers describe what is stored: the built-ins type their causes as plain strings.
const StepView = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  commands: Commands.optional(),
  check: z
    .union([
      z.object({ kind: z.literal("probe_healthy"), minutes: z.number() }),
      z.object({ kind: z.literal("cause_below_threshold"), causes: z.array(z.string()) }),
      z.object({ kind: z.literal("deploy_after_open") }),
    ])
    .optional()
    .describe("a condition the product checks from its own data to tick the step itself"),
});

export const ChecklistTemplateView = z.object({
  slug: z.string(),
  title: z.string(),
  /** True when the code's version is in force (never edited, or restored). */
  builtIn: z.boolean(),
  version: z.number().int().nullable().describe("the version in force; null when never edited"),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  usedFor: z.array(z.string()).describe("the cause ids and signals that call for this checklist"),
  steps: z.array(StepView),
});
export type ChecklistTemplateView = z.infer<typeof ChecklistTemplateView>;

export const ChecklistVersionView = z.object({
  version: z.number().int(),
  title: z.string(),
  builtIn: z.boolean().describe("a restore of the built-in"),
  steps: z.array(StepView),
  author: z.string(),
  createdAt: z.string(),
});
export type ChecklistVersionView = z.infer<typeof ChecklistVersionView>;
