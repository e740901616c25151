// Mattermost incoming webhook: Markdown text, optionally into another channel or under a name.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";

const MattermostConfig = z.strictObject({
  url: httpUrl("url"),
  channel: z.string().trim().max(64).optional(),
  username: z.string().trim().max(64).optional(),
});
type MattermostConfig = z.infer<typeof MattermostConfig>;

export const mattermostChannel: ChannelKind<MattermostConfig, HttpRequestSpec> = {
  kind: "mattermost",
  label: "Mattermost",
  fields: [
    { key: "url", label: "Incoming webhook URL", type: "url", secret: true },
    { key: "channel", label: "Channel (optional override)", type: "text", optional: true },
    { key: "username", label: "Post as", type: "text", optional: true },
  ],
  configSchema: MattermostConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (m, c) => ({
    url: c.url,
    body: JSON.stringify({
      ...(c.channel ? { channel: c.channel } : {}),
      ...(c.username ? { username: c.username } : {}),
      text: `#### ${m.title}\n${m.text}\n[Open the incident](${m.incident.url})`,
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
