// Signed webhook (Standard Webhooks 1.0): the payload as JSON, signed with the channel's secret
// (and the previous one during a rotation). A 410 answer disables the channel: the receiver said
// it is gone for good.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import { signatureHeaders } from "@/lib/notifications/signing";

const WebhookConfig = z.strictObject({ url: httpUrl("url") });
type WebhookConfig = z.infer<typeof WebhookConfig>;

export const webhookChannel: ChannelKind<WebhookConfig, HttpRequestSpec> = {
  kind: "webhook",
  label: "Webhook (signed)",
  fields: [{ key: "url", label: "URL", type: "url" }],
  configSchema: WebhookConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (message, c) => ({ url: c.url, body: JSON.stringify(message) }),
  async send(req, _c, ctx) {
    const headers = signatureHeaders(ctx.secrets, ctx.messageId, Math.floor(ctx.now / 1000), req.body);
    const out = await sendHttp(ctx.egress, { ...req, headers: { ...req.headers, ...headers } }, ctx.timeoutMs);
    if (!out.ok && out.status === 410) return { ...out, retryable: false, disableChannel: "the receiver answered 410 Gone" };
    return out;
  },
};
