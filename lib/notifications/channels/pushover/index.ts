// Pushover: messages.json with the application token and the user (or group) key, both
// write-only; critical incidents go out at high priority.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";

const key = (name: string) => z.string().trim().regex(/^[A-Za-z0-9]{30}$/, `${name} must be the 30-character key Pushover shows`);
const PushoverConfig = z.strictObject({
  token: key("token"),
  user: key("user"),
  url: httpUrl("url").default("https://api.pushover.net/1/messages.json"),
});
type PushoverConfig = z.infer<typeof PushoverConfig>;

export const pushoverChannel: ChannelKind<PushoverConfig, HttpRequestSpec> = {
  kind: "pushover",
  label: "Pushover",
  fields: [
    { key: "token", label: "Application token", type: "text", secret: true },
    { key: "user", label: "User or group key", type: "text", secret: true },
    { key: "url", label: "API URL", type: "url", optional: true },
  ],
  configSchema: PushoverConfig,
  hosts: (c) => [hostOf(c.url)],
  render: (m, c) => ({
    url: c.url,
    body: JSON.stringify({
      token: c.token,
      user: c.user,
      title: m.title.slice(0, 250),
      message: m.text.slice(0, 1024),
      url: m.incident.url,
      url_title: "Open the incident",
      priority: m.incident.severity === "critical" && m.incident.status === "open" && m.type !== "test" ? 1 : 0,
      timestamp: Math.floor(Date.parse(m.timestamp) / 1000),
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
