// OpenAPI paths for notification channels and policies, and the webhook payload they send.
import { z } from "zod";
import type { PathHelpers } from "@/lib/openapi/backend-paths";
import { CHANNEL_KIND_IDS, CHANNEL_KINDS } from "@/lib/notifications/channels/registry";
import { NotificationPayload } from "@/lib/notifications/message";
import { ChannelDetail, ChannelTestResult, ChannelView, ChannelWithSecret, CreateChannelInput, PolicyInput, PolicyView, UpdateChannelInput, UpdatePolicyInput } from "@/lib/notifications/schemas";

type Json = Record<string, unknown>;

const SIGNING =
  "Webhook channels sign every request per Standard Webhooks 1.0: `webhook-id` (the same on every retry of one message), `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of \"<id>.<timestamp>.<body>\">`, keyed by the base64-decoded part of the channel's `whsec_` secret. For 24 h after a rotation the old secret signs too (two space-separated signatures). Only 2xx counts as delivered; 410 disables the channel; 408, 425, 429 and 5xx are retried (Retry-After honoured) for about a day and a half.";

function channelBody(h: PathHelpers, s: z.ZodType): Json {
  const body = h.schema(s, "input") as { properties?: Json };
  const config = { oneOf: CHANNEL_KIND_IDS.map((kind) => ({ title: kind, ...h.schema(CHANNEL_KINDS[kind].configSchema, "input") })) };
  return { content: { "application/json": { schema: { ...body, properties: { ...body.properties, config } } } } };
}

export function notificationPaths(h: PathHelpers): Json {
  const { json, errors, idParam } = h;
  return {
    "/api/v1/channels": {
      get: { summary: "Notification channels, secrets left out, with their last success and failure", responses: { "200": { description: "channels", ...json(z.object({ channels: z.array(ChannelView) })) }, ...errors(401) } },
      post: {
        summary: "Create a channel (admin+); a webhook answers its signing secret, shown this once",
        description: `Example: {"name": "ops hook", "kind": "webhook", "config": {"url": "https://hooks.example.com/ow"}} answers 201 with \`id\` and \`secret\` (\`whsec_\` + base64 of 32 random bytes). Secret config fields (chat webhook URLs, tokens, passwords) are write-only. URLs obey the egress policy (422 naming the rule). ${SIGNING}`,
        requestBody: channelBody(h, CreateChannelInput),
        responses: { "201": { description: "created", ...json(ChannelWithSecret) }, ...errors(400, 401, 403, 409, 422) },
      },
    },
    "/api/v1/channels/{id}": {
      get: { summary: "One channel with its last 50 deliveries (admin+)", parameters: [idParam], responses: { "200": { description: "channel", ...json(ChannelDetail) }, ...errors(401, 403, 404) } },
      patch: {
        summary: "Change a channel (admin+): name, config (omitted secrets are kept), enabled, or rotateSecret: true for a new webhook secret (the old one signs for 24 h more)",
        parameters: [idParam],
        requestBody: channelBody(h, UpdateChannelInput),
        responses: { "200": { description: "updated; `secret` present after a rotation", ...json(ChannelWithSecret) }, ...errors(400, 401, 403, 404, 409, 422) },
      },
      delete: { summary: "Delete a channel and its delivery log (admin+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
    },
    "/api/v1/channels/{id}/test": {
      post: {
        summary: "Send a test message now, once (admin+), and say what the receiver answered",
        description: "The message has `type: \"test\"` and a made-up incident. It is logged with the channel's deliveries.",
        parameters: [idParam],
        responses: { "200": { description: "result", ...json(ChannelTestResult) }, ...errors(401, 403, 404) },
      },
    },
    "/api/v1/notification-policies": {
      get: { summary: "Notification policies: where incidents go when their rules name no channel", responses: { "200": { description: "policies", ...json(z.object({ policies: z.array(PolicyView) })) }, ...errors(401) } },
      post: {
        summary: "Create a policy (admin+): severities and backends to match (empty: all), channels, and an optional escalation",
        description: 'Example: {"name": "critical pages", "severities": ["critical"], "channels": ["<pagerduty id>", "<slack id>"], "escalateAfterMinutes": 15, "escalateTo": ["<phone id>"]}.',
        requestBody: json(PolicyInput, "input"),
        responses: { "201": { description: "created", ...json(PolicyView) }, ...errors(400, 401, 403, 409) },
      },
    },
    "/api/v1/notification-policies/{id}": {
      patch: { summary: "Change a policy (admin+)", parameters: [idParam], requestBody: json(UpdatePolicyInput, "input"), responses: { "200": { description: "updated", ...json(PolicyView) }, ...errors(400, 401, 403, 404, 409) } },
      delete: { summary: "Delete a policy (admin+)", parameters: [idParam], responses: { "204": { description: "deleted" }, ...errors(401, 403, 404) } },
    },
  };
}

/** The webhook payload, under components.schemas and as the document's `webhooks` entry. */
export function notificationWebhooks(h: PathHelpers): Json {
  return {
    incident: {
      post: {
        summary: "What a webhook channel receives",
        description: SIGNING,
        parameters: [
          { name: "webhook-id", in: "header", required: true, schema: { type: "string" } },
          { name: "webhook-timestamp", in: "header", required: true, schema: { type: "string" } },
          { name: "webhook-signature", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: h.json(NotificationPayload),
        responses: { "200": { description: "any 2xx: delivered" }, "410": { description: "gone: the channel is disabled" } },
      },
    },
  };
}
