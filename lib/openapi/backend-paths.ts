// OpenAPI paths for backends, probes and config import, from the same zod schemas the handlers
// parse with. document.ts passes its helpers in, so the answers look like every other path's.
import { z } from "zod";
import { BackendDetail, BackendView, CreateBackendInput, UpdateBackendInput } from "@/lib/backends/schemas";
import { CreateProbeInput, ProbeResultsAnswer, ProbeResultsQuery, ProbeView, UpdateProbeInput } from "@/lib/backends/probe-schemas";
import { ImportAnswer, ImportBody, ImportQuery } from "@/lib/backends/import-schemas";
import { configSchemaFor } from "@/lib/probes/kinds/registry";
import { PROBE_KIND_IDS } from "@/lib/probes/types";

type Json = Record<string, unknown>;

export interface PathHelpers {
  json(s: z.ZodType, io?: "input" | "output"): Json;
  errors(...codes: number[]): Json;
  queryParameters(s: z.ZodObject): Json[];
  schema(s: z.ZodType, io?: "input" | "output"): Json;
  idParam: Json;
}

/** Each kind's config schema, for documentation: the handlers check config against the chosen kind. */
function kindConfigs(h: PathHelpers): Json {
  return { oneOf: PROBE_KIND_IDS.map((kind) => ({ title: kind, ...h.schema(configSchemaFor(kind), "input") })) };
}

function probeBody(h: PathHelpers, s: z.ZodObject): Json {
  const body = h.schema(s, "input") as { properties?: Json };
  return { content: { "application/json": { schema: { ...body, properties: { ...body.properties, config: kindConfigs(h) } } } } };
}

export function backendPaths(h: PathHelpers): Json {
  const { json, errors, idParam } = h;
  const kindParam = { name: "kind", in: "path", required: true, schema: { type: "string", enum: ["vcl", "haproxy", "nginx"] } };
  return {
    "/api/v1/backends": {
      get: { summary: "List backends with their health", responses: { "200": { description: "backends", ...json(z.object({ backends: z.array(BackendView) })) }, ...errors(401) } },
      post: {
        summary: "Create a backend (editor+); a backend discovered from logs under that name is adopted (200)",
        requestBody: json(CreateBackendInput, "input"),
        responses: { "201": { description: "created", ...json(BackendDetail) }, "200": { description: "adopted a discovered backend", ...json(BackendDetail) }, ...errors(400, 401, 403, 409) },
      },
    },
    "/api/v1/backends/{id}": {
      get: { summary: "One backend: health, last probe result, probes", parameters: [idParam], responses: { "200": { description: "backend", ...json(BackendDetail) }, ...errors(401, 404) } },
      patch: { summary: "Change a backend (editor+)", parameters: [idParam], requestBody: json(UpdateBackendInput, "input"), responses: { "200": { description: "updated", ...json(BackendDetail) }, ...errors(400, 401, 403, 404, 409) } },
      delete: { summary: "Delete a backend and its probes (editor+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
    },
    "/api/v1/backends/{id}/probes": {
      get: { summary: "Probes of a backend", parameters: [idParam], responses: { "200": { description: "probes", ...json(z.object({ probes: z.array(ProbeView) })) }, ...errors(401, 404) } },
      post: {
        summary: "Add a probe (editor+); Varnish defaults for interval, timeout, window, threshold, initial",
        parameters: [idParam],
        requestBody: probeBody(h, CreateProbeInput),
        responses: { "201": { description: "created", ...json(ProbeView) }, ...errors(400, 401, 403, 404, 422) },
      },
    },
    "/api/v1/probes/{id}": {
      get: { summary: "One probe", parameters: [idParam], responses: { "200": { description: "probe", ...json(ProbeView) }, ...errors(401, 404) } },
      patch: { summary: "Change a probe (editor+)", parameters: [idParam], requestBody: probeBody(h, UpdateProbeInput), responses: { "200": { description: "updated", ...json(ProbeView) }, ...errors(400, 401, 403, 404, 422) } },
      delete: { summary: "Delete a probe (editor+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
    },
    "/api/v1/probes/{id}/results": {
      get: {
        summary: "Raw results with timing phases (drill-down; charts use the rollups)",
        parameters: [idParam, ...h.queryParameters(ProbeResultsQuery)],
        responses: { "200": { description: "results", ...json(ProbeResultsAnswer) }, ...errors(400, 401, 404) },
      },
    },
    "/api/v1/import/{kind}": {
      post: {
        summary: "Import backends and their checks from a Varnish VCL, HAProxy or nginx config (editor+)",
        description: "Body: the config as text/plain, or JSON {text}. With dryRun=1 nothing changes; otherwise everything is applied in one transaction.",
        parameters: [kindParam, ...h.queryParameters(ImportQuery)],
        requestBody: { content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: h.schema(ImportBody, "input") } } },
        responses: { "200": { description: "the plan, or what changed", ...json(ImportAnswer) }, ...errors(400, 401, 403, 404, 413, 422) },
      },
    },
  };
}
