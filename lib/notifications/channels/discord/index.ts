// Discord webhook: one embed, coloured by state, linking to the incident. Discord rate-limits with
// 429 and Retry-After, which the shared sender honours.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import { colorInt, stateColor } from "@/lib/notifications/channels/format";

const DiscordConfig = z.strictObject({ url: httpUrl("url"), username: z.string().trim().max(80).optional() });
type DiscordConfig = z.infer<typeof DiscordConfig>;

export const discordChannel: ChannelKind<DiscordConfig, HttpRequestSpec> = {
  kind: "discord",
  label: "Discord",
  fields: [
    { key: "url", label: "Webhook URL", type: "url", secret: true },
    { key: "username", label: "Bot name", type: "text", optional: true },
  ],
  configSchema: DiscordConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (m, c) => ({
    url: c.url,
    body: JSON.stringify({
      ...(c.username ? { username: c.username } : {}),
      allowed_mentions: { parse: [] },
      embeds: [{ title: m.title.slice(0, 256), description: m.text.slice(0, 4000), url: m.incident.url, color: colorInt(stateColor(m)), timestamp: m.timestamp }],
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
