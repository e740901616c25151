// Backends: what the API accepts and answers. Schemas and their inferred types share a name;
// lib/openapi uses the same schemas for the API document.
import { z } from "zod";
import { ProbeResultView, ProbeView } from "@/lib/backends/probe-schemas";

export const BACKEND_ORIGINS = ["manual", "discovered", "imported"] as const;
export const BACKEND_HEALTH = ["healthy", "sick", "unknown"] as const;
export const BackendHealth = z.enum(BACKEND_HEALTH);
export type BackendHealth = z.infer<typeof BackendHealth>;
export const BACKEND_STATUS = ["healthy", "failing", "sick", "stale", "unknown"] as const;
export const BackendStatus = z.enum(BACKEND_STATUS);
export type BackendStatus = z.infer<typeof BackendStatus>;

// Names come from logs and proxy configs (VCL names, `backend/server`, `upstream/host:port`),
// so anything printable is allowed.
export const BackendName = z
  .string("name must be text")
  .trim()
  .min(1, "Give the backend a name.")
  .max(200, "Use at most 200 characters.")
  .regex(/^[^\p{Cc}]+$/u, "The name cannot contain control characters.");

const Address = z.string("address must be text").trim().max(300, "Use at most 300 characters.");
const Tag = z.string("each tag must be text").trim().min(1, "Tags cannot be empty.").max(100, "Tags have at most 100 characters.");
const Tags = z
  .array(Tag, "tags must be a list of text")
  .max(50, "At most 50 tags.")
  .transform((tags) => [...new Set(tags)]);

const TimeoutMs = (name: string) =>
  z
    .int(`${name} must be a whole number of milliseconds`)
    .min(1, `${name} must be at least 1 ms`)
    .max(3_600_000, `${name} cannot exceed one hour`)
    .nullable();

/** The proxy's own timeouts for this backend (Varnish connect/first byte/between bytes; null: unknown). */
export const BackendTimeouts = z
  .object({
    connectMs: TimeoutMs("connectMs").optional(),
    firstByteMs: TimeoutMs("firstByteMs").optional(),
    betweenBytesMs: TimeoutMs("betweenBytesMs").optional(),
  })
  .strict();
export type BackendTimeouts = z.infer<typeof BackendTimeouts>;

/**
 * The backend's availability objective: `target` percent of its requests answered without a 5xx
 * over a rolling `windowDays`. Burn-rate rules measure how fast errors spend what the target leaves.
 */
export const BackendSlo = z
  .object({
    target: z
      .number("slo.target must be a number (a percentage such as 99.9)")
      .refine((v) => Number.isFinite(v) && v > 0 && v < 100, "slo.target is a percentage above 0 and below 100, such as 99.9."),
    windowDays: z
      .int("slo.windowDays must be a whole number of days")
      .min(1, "slo.windowDays must be at least 1 day.")
      .max(365, "slo.windowDays cannot exceed 365 days.")
      .default(30),
  })
  .strict();
export type BackendSlo = z.infer<typeof BackendSlo>;

export const CreateBackendInput = z
  .object({
    name: BackendName,
    address: Address.nullish(),
    tags: Tags.optional(),
    timeouts: BackendTimeouts.optional(),
    slo: BackendSlo.nullish(),
  })
  .strict();
export type CreateBackendInput = z.infer<typeof CreateBackendInput>;

export const UpdateBackendInput = z
  .object({
    name: BackendName.optional(),
    address: Address.nullish(),
    tags: Tags.optional(),
    timeouts: BackendTimeouts.optional(),
    /** null removes the objective. */
    slo: BackendSlo.nullish(),
  })
  .strict();
export type UpdateBackendInput = z.infer<typeof UpdateBackendInput>;

const TimeoutsView = z.object({ connectMs: z.number().nullable(), firstByteMs: z.number().nullable(), betweenBytesMs: z.number().nullable() });

export const DependencyView = z.object({
  probeId: z.string(),
  kind: z.string(),
  name: z.string().describe("the host the probe watches"),
  state: z.enum(["ok", "trouble", "down", "auth_failed", "unknown"]),
  trouble: z.string().nullable().describe('e.g. "3 queries waiting on a lock for 40 s on orders-db"'),
  at: z.string().nullable(),
});

export const BackendView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  tags: z.array(z.string()),
  timeouts: TimeoutsView,
  slo: z
    .object({ target: z.number(), windowDays: z.number().int() })
    .nullable()
    .describe("the availability objective: target percent of requests without a 5xx over windowDays; null when none is set"),
  origin: z.enum(BACKEND_ORIGINS),
  demo: z.boolean(),
  health: BackendHealth.describe("worst of the enabled probes (sick > unknown > healthy); unknown with no probe or no result yet"),
  lastResult: ProbeResultView.extend({ probeId: z.string(), kind: z.string() })
    .nullable()
    .describe("the newest result among the enabled probes"),
  status: BackendStatus.describe(
    "one status from traffic, alert rules and probes: failing (5xx share over the status window above the threshold with enough requests, or an alert rule firing for it), sick (a probe fails its checks), stale (a probe has not reported for 3 intervals), healthy (probes pass, or enough traffic with few 5xx), unknown",
  ),
  statusReason: z.string().describe('what the status was derived from, e.g. "Failing by its traffic: 30 % 5xx of 200 requests in the last 5 minutes (above 5 %)."'),
  traffic: z
    .object({ windowMinutes: z.number(), requests: z.number().int(), errors5xx: z.number().int() })
    .describe("its requests and 5xx answers over the status window (BACKEND_STATUS_WINDOW_MINUTES, 5 by default)"),
  probeCount: z.number().int(),
  dependencies: z.array(DependencyView).describe("its database and cache probes, with their trouble in words"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BackendView = z.infer<typeof BackendView>;

export const BackendDetail = BackendView.extend({ probes: z.array(ProbeView) });
export type BackendDetail = z.infer<typeof BackendDetail>;
