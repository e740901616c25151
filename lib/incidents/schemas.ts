// The incidents API contract: query, writes and the answers. The OpenAPI document reads these.
import { z } from "zod";

export const INCIDENT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const INCIDENT_STAGES = ["investigating", "identified", "monitoring"] as const;

const time = z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{9,}$/)]).transform((s) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s)));

export const IncidentQuery = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  backend: z.string().min(1).max(200).optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type IncidentQuery = z.infer<typeof IncidentQuery>;

export const IncidentPatch = z
  .object({
    status: z.enum(INCIDENT_STATUSES).optional(),
    stage: z.enum(INCIDENT_STAGES).nullable().optional(),
    assignee: z.string().min(1).max(200).nullable().optional().describe("a user id, or null to unassign"),
    summary: z.string().max(10_000).nullable().optional(),
  })
  .strict();
export type IncidentPatch = z.infer<typeof IncidentPatch>;

export const CommentInput = z.object({ body: z.string().trim().min(1).max(10_000) }).strict();
export type CommentInput = z.infer<typeof CommentInput>;

export const StepInput = z.object({ done: z.boolean(), note: z.string().max(2000).optional() }).strict();
export type StepInput = z.infer<typeof StepInput>;

export const CauseShareView = z.object({ cause: z.string(), count: z.number().int(), share: z.number().describe("fraction of the incident's 5xx, 0..1") });

export const IncidentSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  stage: z.enum(INCIDENT_STAGES).nullable(),
  severity: z.string(),
  firstBadAt: z.string(),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  durationMs: z.number().describe("first bad minute to resolution, or to now while unresolved"),
  backends: z.array(z.string()),
  causes: z.array(CauseShareView).describe("largest first"),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  summary: z.string().nullable(),
  backfilled: z.boolean().describe("opened from late data: never pages"),
  previousId: z.string().nullable().describe("the incident this one recurred after"),
  demo: z.boolean(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const TimelineEntryView = z.object({ at: z.string(), kind: z.string(), message: z.string(), data: z.record(z.string(), z.unknown()) });

export const StepView = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  done: z.boolean(),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
  auto: z.boolean().describe("ticked by the product from its own data"),
  verifiable: z.boolean().describe("the product can tick this step itself"),
});
export type StepView = z.infer<typeof StepView>;

export const ChecklistView = z.object({
  slug: z.string(),
  title: z.string(),
  reason: z.string(),
  causes: z.array(z.string()),
  steps: z.array(StepView),
});
export type ChecklistView = z.infer<typeof ChecklistView>;

export const IncidentDetail = IncidentSummary.extend({
  timeline: z.array(TimelineEntryView).describe("oldest first"),
  checklists: z.array(ChecklistView).describe("most relevant first"),
  chart: z.object({
    timeoutMs: z.number().nullable(),
    points: z.array(z.object({ at: z.string(), requests: z.number(), errors5xx: z.number(), p95Ms: z.number().nullable() })),
  }).describe("the backend's minutes from 30 minutes before the first bad minute, for the page's charts"),
  evidence: z.object({
    samples: z.array(z.object({ cause: z.string(), at: z.string(), status: z.number(), line: z.string() })),
    probes: z.array(z.object({ kind: z.string(), at: z.string(), ok: z.boolean(), errorClass: z.string().nullable(), status: z.number().nullable(), durationMs: z.number(), message: z.string().nullable() })),
  }),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;
