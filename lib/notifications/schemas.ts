// The channels and policies API contract. A channel's `config` is checked against its kind's
// schema (channels/<kind>); secrets in it are write-only: views list which are set, never values.
import { z } from "zod";
import { CHANNEL_KIND_IDS } from "@/lib/notifications/channels/registry";

const name = z.string("name must be text").trim().min(1, "name is required").max(100, "name is at most 100 characters");

export const CreateChannelInput = z.strictObject({
  name,
  kind: z.enum(CHANNEL_KIND_IDS, `kind must be one of ${CHANNEL_KIND_IDS.join(", ")}`),
  config: z.record(z.string(), z.unknown(), "config must be an object"),
  enabled: z.boolean().default(true),
});
export type CreateChannelInput = z.infer<typeof CreateChannelInput>;

/** Omitted secrets in `config` keep their stored values; `rotateSecret` (webhook) makes a new signing secret. */
export const UpdateChannelInput = z.strictObject({
  name: name.optional(),
  config: z.record(z.string(), z.unknown(), "config must be an object").optional(),
  enabled: z.boolean().optional(),
  rotateSecret: z.boolean().optional(),
});
export type UpdateChannelInput = z.infer<typeof UpdateChannelInput>;

export const DeliveryView = z.object({
  id: z.string(),
  messageId: z.string(),
  type: z.string(),
  incidentId: z.string().nullable(),
  status: z.enum(["pending", "sent", "failed"]),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const ChannelView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KIND_IDS),
  /** The config without its secrets. */
  config: z.record(z.string(), z.unknown()),
  /** Secret fields that hold a value (write-only: send a new one to change it). */
  secretsSet: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  /** Webhook channels: the previous signing secret still signs until then. */
  previousSecretUntil: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  lastError: z.string().nullable(),
  failingSince: z.string().nullable(),
  /** Failing for an hour or more with no success since. */
  warning: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelDetail = ChannelView.extend({ deliveries: z.array(DeliveryView) });
export type ChannelDetail = z.infer<typeof ChannelDetail>;

/** The create answer (201) and a rotation's: the signing secret, shown this once. */
export const ChannelWithSecret = ChannelView.extend({ secret: z.string().optional() });

export const ChannelTestResult = z.object({
  ok: z.boolean(),
  status: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
  messageId: z.string(),
});
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;

const ids = (what: string) => z.array(z.string().trim().min(1), `${what} must be a list of channel ids`).max(20, `At most 20 ${what}.`);

export const PolicyInput = z.strictObject({
  name,
  severities: z.array(z.enum(["info", "warning", "critical"], "severities are info, warning or critical")).default([]),
  backends: z.array(z.string().trim().min(1)).max(100).default([]),
  channels: ids("channels").min(1, "a policy needs at least one channel"),
  escalateAfterMinutes: z.number().int("escalateAfterMinutes must be whole minutes").min(1).max(7 * 24 * 60).nullable().default(null),
  escalateTo: ids("escalateTo").default([]),
  position: z.number().int().min(0).max(10_000).default(0),
  enabled: z.boolean().default(true),
});
export type PolicyInput = z.infer<typeof PolicyInput>;
export const UpdatePolicyInput = PolicyInput.partial();

export const PolicyView = z.object({
  id: z.string(),
  name: z.string(),
  severities: z.array(z.string()),
  backends: z.array(z.string()),
  channels: z.array(z.string()),
  escalateAfterMinutes: z.number().nullable(),
  escalateTo: z.array(z.string()),
  position: z.number(),
  enabled: z.boolean(),
});
export type PolicyView = z.infer<typeof PolicyView>;
