// Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): a
// message whose one attachment is an Adaptive Card. The URL carries its signature: write-only.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";

const TeamsConfig = z.strictObject({ url: httpUrl("url") });
type TeamsConfig = z.infer<typeof TeamsConfig>;

export const teamsChannel: ChannelKind<TeamsConfig, HttpRequestSpec> = {
  kind: "teams",
  label: "Microsoft Teams",
  fields: [{ key: "url", label: "Workflows webhook URL", type: "url", secret: true }],
  configSchema: TeamsConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (m, c) => ({
    url: c.url,
    body: JSON.stringify({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              { type: "TextBlock", text: m.title, weight: "Bolder", size: "Medium", wrap: true, color: m.incident.status === "resolved" ? "Good" : "Attention" },
              ...m.text.split("\n").map((line) => ({ type: "TextBlock", text: line, wrap: true, spacing: "Small" })),
            ],
            actions: [{ type: "Action.OpenUrl", title: "Open the incident", url: m.incident.url }],
          },
        },
      ],
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
