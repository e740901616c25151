// Slack incoming webhook with Block Kit: a header, the text as mrkdwn, a button to the incident.
// The webhook URL is the credential, so it is write-only.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import { escapeMrkdwn } from "@/lib/notifications/channels/format";

const SlackConfig = z.strictObject({ url: httpUrl("url") });
type SlackConfig = z.infer<typeof SlackConfig>;

export const slackChannel: ChannelKind<SlackConfig, HttpRequestSpec> = {
  kind: "slack",
  label: "Slack",
  fields: [{ key: "url", label: "Incoming webhook URL", type: "url", secret: true, help: "https://hooks.slack.com/services/…" }],
  configSchema: SlackConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (m, c) => ({
    url: c.url,
    body: JSON.stringify({
      text: m.title,
      blocks: [
        { type: "header", text: { type: "plain_text", text: m.title.slice(0, 150), emoji: true } },
        { type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(m.text).slice(0, 3000) } },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the incident" }, url: m.incident.url }] },
      ],
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
