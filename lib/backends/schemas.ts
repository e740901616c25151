// Backends: what the API accepts and answers. Schemas and their inferred types share a name;
// lib/openapi uses the same schemas for the API document.
import { z } from "zod";
import { ProbeResultView, ProbeView } from "@/lib/backends/probe-schemas";

export const BACKEND_ORIGINS = ["manual", "discovered", "imported"] as const;
export const BACKEND_HEALTH = ["healthy", "sick", "unknown"] as const;
export const BackendHealth = z.enum(BACKEND_HEALTH);
export type BackendHealth = z.infer<typeof BackendHealth>;

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

export const CreateBackendInput = z
  .object({
    name: BackendName,
    address: Address.nullish(),
    tags: Tags.optional(),
    timeouts: BackendTimeouts.optional(),
  })
  .strict();
export type CreateBackendInput = z.infer<typeof CreateBackendInput>;

export const UpdateBackendInput = z
  .object({
    name: BackendName.optional(),
    address: Address.nullish(),
    tags: Tags.optional(),
    timeouts: BackendTimeouts.optional(),
  })
  .strict();
export type UpdateBackendInput = z.infer<typeof UpdateBackendInput>;

const TimeoutsView = z.object({ connectMs: z.number().nullable(), firstByteMs: z.number().nullable(), betweenBytesMs: z.number().nullable() });

export const BackendView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  tags: z.array(z.string()),
  timeouts: TimeoutsView,
  origin: z.enum(BACKEND_ORIGINS),
  demo: z.boolean(),
  health: BackendHealth.describe("worst of the enabled probes (sick > unknown > healthy); unknown with no probe or no result yet"),
  lastResult: ProbeResultView.extend({ probeId: z.string(), kind: z.string() })
    .nullable()
    .describe("the newest result among the enabled probes"),
  probeCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BackendView = z.infer<typeof BackendView>;

export const BackendDetail = BackendView.extend({ probes: z.array(ProbeView) });
export type BackendDetail = z.infer<typeof BackendDetail>;
