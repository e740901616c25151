// Google Chat incoming webhook: a text message (Chat's own markup: *bold*, <url|label>). The
// webhook URL carries key and token: write-only.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import { escapeMrkdwn } from "@/lib/notifications/channels/format";

const GoogleChatConfig = z.strictObject({ url: httpUrl("url") });
type GoogleChatConfig = z.infer<typeof GoogleChatConfig>;

export const googleChatChannel: ChannelKind<GoogleChatConfig, HttpRequestSpec> = {
  kind: "google_chat",
  label: "Google Chat",
  fields: [{ key: "url", label: "Space webhook URL", type: "url", secret: true }],
  configSchema: GoogleChatConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (m, c) => ({
    url: c.url,
    body: JSON.stringify({ text: `*${escapeMrkdwn(m.title)}*\n${escapeMrkdwn(m.text)}\n<${m.incident.url}|Open the incident>` }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
