// ntfy: a JSON publish to the server's root naming the topic, with title, priority, tags and a
// click-through to the incident. An access token (for protected topics) is write-only.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import type { NotificationPayload } from "@/lib/notifications/message";

const NtfyConfig = z.strictObject({
  server: httpUrl("server").default("https://ntfy.sh"),
  topic: z.string().trim().regex(/^[\w-]{1,64}$/, "topic must be 1-64 letters, digits, - or _"),
  token: z.string().trim().min(1).optional(),
});
type NtfyConfig = z.infer<typeof NtfyConfig>;

function priority(m: NotificationPayload): number {
  if (m.type === "incident.resolved" || m.type === "incident.acknowledged" || m.type === "test") return 3;
  return m.incident.severity === "critical" ? 5 : 4;
}

export const ntfyChannel: ChannelKind<NtfyConfig, HttpRequestSpec> = {
  kind: "ntfy",
  label: "ntfy",
  fields: [
    { key: "server", label: "Server", type: "url", optional: true, help: "https://ntfy.sh or your own" },
    { key: "topic", label: "Topic", type: "text" },
    { key: "token", label: "Access token", type: "text", secret: true, optional: true },
  ],
  configSchema: NtfyConfig,
  hosts: (c) => [hostOf(c.server)],
  render: (m, c) => ({
    url: c.server.replace(/\/+$/, "") + "/",
    headers: c.token ? { authorization: `Bearer ${c.token}` } : undefined,
    body: JSON.stringify({
      topic: c.topic,
      title: m.title,
      message: m.text,
      priority: priority(m),
      tags: [m.incident.status === "resolved" ? "white_check_mark" : "rotating_light"],
      click: m.incident.url,
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
