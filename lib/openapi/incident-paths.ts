// OpenAPI paths for incidents, from the zod schemas the actions parse with.
import { z } from "zod";
import type { PathHelpers } from "@/lib/openapi/backend-paths";
import { ChecklistInput, ChecklistTemplateView, ChecklistVersionView } from "@/lib/incidents/checklists/template-schema";
import { CommentInput, IncidentDetail, IncidentPatch, IncidentQuery, IncidentSummary, StepInput } from "@/lib/incidents/schemas";

type Json = Record<string, unknown>;

export function incidentPaths(h: PathHelpers): Json {
  const { json, errors, idParam } = h;
  const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
  return {
    "/api/v1/incidents": {
      get: {
        summary: "Incidents, unresolved first (status, backend and a from/to window filter them)",
        parameters: h.queryParameters(IncidentQuery),
        responses: { "200": { description: "incidents", ...json(z.object({ incidents: z.array(IncidentSummary) })) }, ...errors(400, 401) },
      },
    },
    "/api/v1/incidents/{id}": {
      get: { summary: "One incident with its timeline (oldest first) and checklists (most relevant first)", parameters: [idParam], responses: { "200": { description: "incident", ...json(IncidentDetail) }, ...errors(401, 404) } },
      patch: {
        summary: "Change status, stage, assignee or summary (editor+); each change lands on the timeline",
        parameters: [idParam],
        requestBody: json(IncidentPatch, "input"),
        responses: { "200": { description: "updated", ...json(IncidentDetail) }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/api/v1/incidents/{id}/ack": {
      post: { summary: "Acknowledge an open incident (editor+)", parameters: [idParam], responses: { "200": { description: "acknowledged", ...json(IncidentDetail) }, ...errors(401, 403, 404, 409) } },
    },
    "/api/v1/incidents/{id}/comments": {
      post: { summary: "Comment on the timeline (editor+)", parameters: [idParam], requestBody: json(CommentInput, "input"), responses: { "201": { description: "added" }, ...errors(400, 401, 403, 404) } },
    },
    "/api/v1/incidents/{id}/checklists/{slug}/steps/{stepId}": {
      put: {
        summary: "Tick or untick a checklist step (editor+); the name and time go on the timeline",
        parameters: [idParam, pathParam("slug"), pathParam("stepId")],
        requestBody: json(StepInput, "input"),
        responses: { "200": { description: "saved" }, ...errors(400, 401, 403, 404) },
      },
    },
    "/api/v1/incidents/{id}/postmortem": {
      get: { summary: "A postmortem draft in Markdown (summary, impact, timeline, causes, steps taken and by whom)", parameters: [idParam], responses: { "200": { description: "text/markdown" }, ...errors(401, 404) } },
    },
    "/api/v1/checklists": {
      get: { summary: "The checklist templates, each as in force now (the built-in or the team's newest version)", responses: { "200": { description: "templates", ...json(z.object({ checklists: z.array(ChecklistTemplateView) })) }, ...errors(401) } },
    },
    "/api/v1/checklists/{slug}": {
      get: { summary: "One checklist template as in force now", parameters: [pathParam("slug")], responses: { "200": { description: "template", ...json(ChecklistTemplateView) }, ...errors(401, 404) } },
      put: {
        summary: "Save a new version of a checklist (editor+); incidents created from now on use it, open ones keep theirs",
        parameters: [pathParam("slug")],
        requestBody: json(ChecklistInput, "input"),
        responses: { "200": { description: "saved", ...json(ChecklistTemplateView) }, ...errors(400, 401, 403, 404) },
      },
    },
    "/api/v1/checklists/{slug}/restore": {
      post: { summary: "Put the built-in version back in force (editor+), recorded as a version", parameters: [pathParam("slug")], responses: { "200": { description: "restored", ...json(ChecklistTemplateView) }, ...errors(401, 403, 404, 409) } },
    },
    "/api/v1/checklists/{slug}/versions": {
      get: { summary: "A checklist's versions, newest first, with author and time", parameters: [pathParam("slug")], responses: { "200": { description: "versions", ...json(z.object({ versions: z.array(ChecklistVersionView) })) }, ...errors(401, 404) } },
    },
  };
}
