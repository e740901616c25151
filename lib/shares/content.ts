// What a share link hands out, built from the dashboard's own reads and cut down for a stranger:
// no ids of other things, no links, probe configuration left out, and the link's redaction
// applied to every free-text field. Used by the share page and by share-token API reads alike.
import { z } from "zod";
import type { BackendDetail } from "@/lib/backends/schemas";
import type { IncidentDetail } from "@/lib/incidents/schemas";
import { redactDeep, redactText } from "@/lib/shares/redact";
import type { Redaction } from "@/lib/shares/schemas";

/** An incident as a share shows it: the timeline keeps who commented, no chart links. */
export function sharedIncident(d: IncidentDetail, r: Redaction): IncidentDetail {
  return {
    ...redactDeep(d, r),
    previousId: null,
    assignee: d.assignee ? { id: "", name: d.assignee.name } : null,
    timeline: d.timeline.map((e) => ({
      at: e.at,
      kind: e.kind,
      message: redactText(e.message, r),
      data: typeof e.data.by === "string" ? { by: e.data.by } : {},
    })),
  };
}

export const SharedProbe = z.object({
  kind: z.string(),
  health: z.enum(["healthy", "sick", "unknown"]),
  healthHistory: z.string(),
  lastResult: z
    .object({ at: z.string(), ok: z.boolean(), errorClass: z.string().nullable(), status: z.number().nullable(), durationMs: z.number(), message: z.string().nullable() })
    .nullable(),
});

export const SharedBackend = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable().describe("null when the link hides backend addresses"),
  health: z.string(),
  probes: z.array(SharedProbe).describe("probe targets and settings are never shared"),
});
export type SharedBackend = z.infer<typeof SharedBackend>;

/** A backend as a share shows it: health and probe outcomes, never probe targets or settings. */
export function sharedBackend(b: BackendDetail, r: Redaction): SharedBackend {
  return {
    id: b.id,
    name: b.name,
    address: r.backendAddresses ? null : b.address,
    health: b.health,
    probes: b.probes.map((p) => ({
      kind: p.kind,
      health: p.health,
      healthHistory: p.healthHistory,
      lastResult: p.lastResult
        ? {
            at: p.lastResult.at,
            ok: p.lastResult.ok,
            errorClass: p.lastResult.errorClass,
            status: p.lastResult.status,
            durationMs: p.lastResult.durationMs,
            message: p.lastResult.message === null ? null : redactText(p.lastResult.message, r),
          }
        : null,
    })),
  };
}
