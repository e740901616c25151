// The one interface every channel kind implements (one folder per kind, like probe kinds and log
// formats): a config schema, which config fields are secrets (write-only), the hosts it will
// connect to (checked against the egress policy when saved), how it renders a message and how it
// sends what it rendered.
import type { z } from "zod";
import type { EgressPolicy } from "@/lib/net/egress";
import type { NotificationPayload } from "@/lib/notifications/message";

export interface ChannelField {
  key: string;
  label: string;
  type: "text" | "url" | "number" | "list" | "boolean";
  secret?: boolean;
  optional?: boolean;
  help?: string;
}

/** What one attempt came to. `retryAfterMs`: the receiver's Retry-After, when it sent one. */
export type SendOutcome =
  | { ok: true; status: number | null }
  | { ok: false; retryable: boolean; status: number | null; error: string; retryAfterMs?: number; disableChannel?: string };

export interface SendContext {
  egress: EgressPolicy;
  /** The delivery's stable message id (webhook-id), the same on every attempt. */
  messageId: string;
  /** Webhook signing secrets in force, current first. */
  secrets: string[];
  /** Clock for signatures (unix ms). */
  now: number;
  timeoutMs: number;
}

export interface ChannelKind<C = Record<string, unknown>, R = unknown> {
  kind: string;
  label: string;
  fields: ChannelField[];
  configSchema: z.ZodType<C>;
  /** Hosts the channel connects to, for the egress check when it is saved. */
  hosts(config: C): string[];
  render(message: NotificationPayload, config: C): R;
  send(rendered: R, config: C, ctx: SendContext): Promise<SendOutcome>;
}

export const secretKeys = (kind: Pick<ChannelKind, "fields">): string[] => kind.fields.filter((f) => f.secret).map((f) => f.key);
