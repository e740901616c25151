// The API's OpenAPI 3.1 document, generated from the same zod schemas the handlers parse with.
import { z } from "zod";
import { CreateSourceInput, SourceView, SourceWithToken, UpdateSourceInput } from "@/lib/sources/schemas";
import { SeriesAnswer, SeriesQuery, SummaryAnswer, SummaryQuery } from "@/lib/rollups/schemas";
import { CreateTokenInput, CreateUserInput, PublicApiToken as PublicToken, PublicUser, SetupInput, UpdateUserInput } from "@/lib/auth/schemas";
import { IngestAnswer } from "@/lib/ingest/answer";
import { appVersion } from "@/lib/version";
import { CreateEventInput, EventView, UpdateEventInput } from "@/lib/events/schemas";
import { backendPaths } from "@/lib/openapi/backend-paths";
import { alertPaths } from "@/lib/openapi/alert-paths";
import { incidentPaths } from "@/lib/openapi/incident-paths";
import { notificationPaths, notificationWebhooks } from "@/lib/openapi/notification-paths";
import { metricsPaths } from "@/lib/openapi/metrics-paths";
import { auditPaths, invitationPaths, sharePaths } from "@/lib/openapi/share-paths";
import { SamplesAnswer, SamplesQuery } from "@/lib/samples/schemas";
import { DemoLoaded, DemoRemoved, DemoStatus, LoadDemoInput } from "@/lib/demo/schemas";
import { AdvisorAnswerView, AdvisorQuery } from "@/lib/advisor/schemas";

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output" = "output"): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  return rest;
}

const ErrorAnswer = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  }),
});

const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ content: { "application/json": { schema: schema(s, io) } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? "error", ...json(ErrorAnswer) }]));
const ERROR_TEXT: Record<number, string> = {
  400: "invalid input; `error.fields` names each bad field",
  401: "missing or unknown credentials",
  403: "the role does not allow this",
  404: "not found",
  409: "conflict (name taken, or state does not allow it)",
  413: "body over the limit (named in the message)",
  422: "well-formed but refused, e.g. a probe target the egress policy denies (the message names the rule)",
  429: "over a rate limit; see Retry-After",
  503: "database unavailable; see Retry-After",
};

function queryParameters(s: z.ZodObject): Json[] {
  return Object.entries(s.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    return { name, in: "query", required: !f.safeParse(undefined).success, schema: schema(f, "input") };
  });
}

const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const bearer = [{ bearerToken: [] }];

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Origin Watch API",
      version: appVersion(),
      description:
        "Reverse-proxy 5xx by backend and cause. Authenticate with an API token (`Authorization: Bearer ow_api_…`, created under Settings → API tokens or with `npx originwatch token create`); ingest with a source's token (`Bearer ow_src_…`).",
    },
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "API token (ow_api_…); for /api/v1/ingest, a source ingest token (ow_src_…); a share link's token (ow_share_…) reads only what it shares",
        },
      },
    },
    security: bearer,
    webhooks: notificationWebhooks({ json, errors, queryParameters, schema, idParam }),
    paths: {
      "/api/v1/openapi.json": {
        get: { summary: "This document", security: [], responses: { "200": { description: "the OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } } } },
      },
      "/api/health": {
        get: {
          summary: "Liveness and database check",
          security: [],
          responses: {
            "200": { description: "up", ...json(z.object({ status: z.literal("ok"), db: z.literal("ok"), version: z.string() })) },
            "503": { description: "database unreachable", ...json(z.object({ status: z.literal("error"), db: z.string(), version: z.string() })) },
          },
        },
      },
      "/api/v1/setup": {
        post: { summary: "Create the first owner (only while no user exists)", security: [], requestBody: json(SetupInput, "input"), responses: { "201": { description: "created", ...json(z.object({ user: PublicUser })) }, ...errors(400, 409) } },
      },
      "/api/v1/me": { get: { summary: "Who the credentials belong to", responses: { "200": { description: "the actor" }, ...errors(401) } } },
      "/api/v1/me/sessions": {
        delete: {
          summary: "Sign out everywhere else: end the signed-in user's other sessions (browser session only)",
          responses: { "200": { description: "ended", ...json(z.object({ endedAt: z.string() })) }, ...errors(400, 401) },
        },
      },
      "/api/v1/users": {
        get: { summary: "List users (admin)", responses: { "200": { description: "users", ...json(z.object({ users: z.array(PublicUser) })) }, ...errors(401, 403) } },
        post: { summary: "Add a user (admin)", requestBody: json(CreateUserInput, "input"), responses: { "201": { description: "created", ...json(z.object({ user: PublicUser })) }, ...errors(400, 401, 403, 409) } },
      },
      "/api/v1/users/{id}": {
        patch: { summary: "Change a user (admin), or your own name and password; a new password or disabling ends the user's sessions (your own change keeps this one)", parameters: [idParam], requestBody: json(UpdateUserInput, "input"), responses: { "200": { description: "updated", ...json(z.object({ user: PublicUser })) }, ...errors(400, 401, 403, 404, 409) } },
      },
      "/api/v1/tokens": {
        get: { summary: "List API tokens (admin)", responses: { "200": { description: "tokens", ...json(z.object({ tokens: z.array(PublicToken) })) }, ...errors(401, 403) } },
        post: { summary: "Create an API token (admin); the token is in this answer only", requestBody: json(CreateTokenInput, "input"), responses: { "201": { description: "created", ...json(PublicToken.extend({ token: z.string() })) }, ...errors(400, 401, 403) } },
      },
      "/api/v1/tokens/{id}": { delete: { summary: "Revoke an API token (admin)", parameters: [idParam], responses: { "200": { description: "revoked" }, ...errors(401, 403, 404) } } },
      "/api/v1/sources": {
        get: { summary: "List log sources", responses: { "200": { description: "sources", ...json(z.object({ sources: z.array(SourceView) })) }, ...errors(401) } },
        post: {
          summary: "Create a log source (editor+); the ingest token is in this answer only",
          requestBody: json(CreateSourceInput, "input"),
          responses: { "201": { description: "created", ...json(SourceWithToken) }, ...errors(400, 401, 403, 409) },
        },
      },
      "/api/v1/sources/{id}": {
        get: { summary: "One source", parameters: [idParam], responses: { "200": { description: "source", ...json(SourceView) }, ...errors(401, 404) } },
        patch: { summary: "Change a source (editor+)", parameters: [idParam], requestBody: json(UpdateSourceInput, "input"), responses: { "200": { description: "updated", ...json(SourceView) }, ...errors(400, 401, 403, 404, 409) } },
        delete: { summary: "Delete a source (editor+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/sources/{id}/rotate-token": {
        post: { summary: "Replace the ingest token (the old one stops working)", parameters: [idParam], responses: { "200": { description: "new token", ...json(SourceWithToken) }, ...errors(401, 403, 404) } },
      },
      "/api/v1/sources/{id}/parse-errors": {
        get: { summary: "Recent rejected lines of a source", parameters: [idParam], responses: { "200": { description: "errors" }, ...errors(401, 404) } },
      },
      "/api/v1/shipper.mjs": {
        get: {
          summary: "The standalone log shipper (public)",
          description:
            "One JavaScript file with no dependencies for Node.js 18+: `node originwatch-shipper.mjs --url URL --token TOKEN [--follow] FILE...`. It is `originwatch ingest` (batching, gzip, retries, Idempotency-Keys, rotation handling, progress) bundled from the server's own code on first request. Public, since the proxy host has only a source token; `If-None-Match` with the ETag answers 304.",
          security: [],
          responses: {
            "200": { description: "the shipper", content: { "text/javascript": { schema: { type: "string" } } } },
            "304": { description: "unchanged since the ETag sent" },
          },
        },
      },
      "/api/v1/ingest": {
        post: {
          summary: "Send log lines (source token)",
          description:
            "Body: one log line per line (text/plain), or NDJSON for json sources and the JSON CDNs (cloudflare, fastly, akamai); optional Content-Encoding: gzip. A batch is applied entirely or not at all; bad lines are rejected one by one. A retried batch with the same Idempotency-Key is counted once. The source token goes in `Authorization: Bearer ow_src_…`, or, for a Cloudflare Logpush HTTP destination, in the `header_Authorization=Bearer%20ow_src_…` query parameter (accepted over HTTPS only in production).",
          parameters: [
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 } },
            { name: "header_Authorization", in: "query", required: false, description: "`Bearer ow_src_…`, when no Authorization header is sent (Logpush HTTP destinations)", schema: { type: "string" } },
          ],
          requestBody: { content: { "text/plain": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } } },
          responses: { "202": { description: "counted", ...json(IngestAnswer) }, ...errors(400, 401, 413, 429, 503) },
        },
      },
      "/api/v1/events": {
        get: {
          summary: "Deploy, purge, config and note markers in a range",
          parameters: [
            { name: "from", in: "query", required: true, schema: { type: "string" } },
            { name: "to", in: "query", required: true, schema: { type: "string" } },
            { name: "backend", in: "query", required: false, schema: { type: "string" } },
          ],
          responses: { "200": { description: "events", ...json(z.object({ events: z.array(EventView) })) }, ...errors(400, 401) },
        },
        post: { summary: "Record an event (editor+), e.g. from a deploy pipeline", requestBody: json(CreateEventInput, "input"), responses: { "201": { description: "created", ...json(EventView) }, ...errors(400, 401, 403) } },
      },
      "/api/v1/events/{id}": {
        patch: { summary: "Edit an event (editor+)", parameters: [idParam], requestBody: json(UpdateEventInput, "input"), responses: { "200": { description: "updated", ...json(EventView) }, ...errors(400, 401, 403, 404) } },
        delete: { summary: "Delete an event (editor+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/summary": {
        get: {
          summary: "Totals by status, by cause (5xx only) and by backend, with latency percentiles",
          parameters: queryParameters(SummaryQuery),
          responses: { "200": { description: "summary", ...json(SummaryAnswer) }, ...errors(400, 401) },
        },
      },
      "/api/v1/advisor": {
        get: {
          summary: "Timeout and health-check findings for imported backends over the last 7 days, each with the change in the proxy's syntax",
          parameters: queryParameters(AdvisorQuery),
          responses: { "200": { description: "findings", ...json(AdvisorAnswerView) }, ...errors(400, 401) },
        },
      },
      "/api/v1/series": {
        get: {
          summary: "Time series of requests, errors, rates, latency percentiles, or the cache view (hit_ratio, origin_fetches)",
          parameters: queryParameters(SeriesQuery),
          responses: { "200": { description: "series", ...json(SeriesAnswer) }, ...errors(400, 401) },
        },
      },
      "/api/v1/samples": {
        get: {
          summary: "Raw 5xx lines kept for drill-down, newest first, with the complete counts by cause for the window",
          description:
            "Samples are kept up to `keptPerMinute` per minute, source, backend and cause (and for RETENTION_SAMPLE_DAYS); `totals` counts every 5xx from the rollups. Page with `cursor` = the previous answer's `nextCursor`.",
          parameters: queryParameters(SamplesQuery),
          responses: { "200": { description: "samples", ...json(SamplesAnswer) }, ...errors(400, 401) },
        },
      },
      "/api/v1/demo": {
        get: { summary: "Whether demo data is loaded", responses: { "200": { description: "status", ...json(DemoStatus) }, ...errors(401) } },
        post: {
          summary:
            "Load a day of demo data (admin+); 409 when already loaded, a demo name is taken, or the workspace has its own traffic without alongsideRealData",
          requestBody: json(LoadDemoInput, "input"),
          responses: { "201": { description: "loaded", ...json(DemoLoaded) }, ...errors(400, 401, 403, 409) },
        },
        delete: {
          summary: "Remove the demo data and nothing else (admin+)",
          responses: { "200": { description: "removed", ...json(DemoRemoved) }, ...errors(401, 403) },
        },
      },
      ...backendPaths({ json, errors, queryParameters, schema, idParam }),
      ...alertPaths({ json, errors, queryParameters, schema, idParam }),
      ...incidentPaths({ json, errors, queryParameters, schema, idParam }),
      ...notificationPaths({ json, errors, queryParameters, schema, idParam }),
      ...metricsPaths({ json, errors, queryParameters, schema, idParam }),
      ...sharePaths({ json, errors, queryParameters, schema, idParam }),
      ...auditPaths({ json, errors, queryParameters, schema, idParam }),
      ...invitationPaths({ json, errors, queryParameters, schema, idParam }),
    },
  };
}
