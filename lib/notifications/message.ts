// The message every channel renders: the webhook payload, documented in the README and the
// OpenAPI document (NotificationPayload in schemas.ts). Built once per outbox row by
// lib/notifications/compose.ts and stored with each delivery, so every retry sends the same body.
import { z } from "zod";

export const MESSAGE_TYPES = ["incident.opened", "incident.escalated", "incident.acknowledged", "incident.resolved", "incident.reminder", "test"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const NotificationPayload = z.object({
  type: z.enum(MESSAGE_TYPES),
  /** When the change happened (ISO 8601). */
  timestamp: z.string(),
  /** One line: what happened, for subjects, titles and push notifications. */
  title: z.string(),
  /** A few lines in plain words: what broke, where, since when, why, what to check first. */
  text: z.string(),
  incident: z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(["open", "acknowledged", "resolved"]),
    severity: z.string(),
    url: z.string(),
    backends: z.array(z.string()),
    causes: z.array(z.object({ cause: z.string(), share: z.number() })),
    openedAt: z.string(),
    resolvedAt: z.string().nullable(),
    /** The first step of the checklist the incident page leads with, when there is one. */
    firstStep: z.object({ title: z.string(), detail: z.string() }).nullable(),
    /** Resolution messages: how long it lasted and how many requests failed. */
    durationMs: z.number().nullable(),
    failedRequests: z.number().nullable(),
  }),
  rule: z.object({ id: z.string(), name: z.string() }).nullable(),
  value: z.number().nullable(),
});
export type NotificationPayload = z.infer<typeof NotificationPayload>;

const SEVERITY_WORD: Record<string, string> = { critical: "CRITICAL", warning: "Warning", info: "Info" };
export const severityWord = (s: string) => SEVERITY_WORD[s] ?? s;
