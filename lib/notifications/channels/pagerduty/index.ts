// PagerDuty Events API v2: trigger on open, escalation and reminders, acknowledge and resolve
// follow the incident, all with the incident id as dedup_key so PagerDuty keeps one alert per
// incident. The routing (integration) key is write-only.
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import type { NotificationPayload } from "@/lib/notifications/message";

const PagerDutyConfig = z.strictObject({
  routingKey: z.string().trim().regex(/^[A-Za-z0-9]{32}$/, "routingKey must be the 32-character integration key of an Events API v2 integration"),
  url: httpUrl("url").default("https://events.pagerduty.com/v2/enqueue"),
});
type PagerDutyConfig = z.infer<typeof PagerDutyConfig>;

const PD_SEVERITY: Record<string, string> = { critical: "critical", warning: "warning", info: "info" };

function action(m: NotificationPayload): "trigger" | "acknowledge" | "resolve" {
  if (m.type === "incident.resolved") return "resolve";
  if (m.type === "incident.acknowledged") return "acknowledge";
  return "trigger";
}

export const pagerdutyChannel: ChannelKind<PagerDutyConfig, HttpRequestSpec> = {
  kind: "pagerduty",
  label: "PagerDuty",
  fields: [
    { key: "routingKey", label: "Integration key (Events API v2)", type: "text", secret: true },
    { key: "url", label: "Events API URL", type: "url", optional: true, help: "https://events.pagerduty.com/v2/enqueue (or events.eu.pagerduty.com)" },
  ],
  configSchema: PagerDutyConfig,
  hosts: (c) => [hostOf(c.url)],
  render(m, c) {
    const event_action = action(m);
    const base = { routing_key: c.routingKey, event_action, dedup_key: m.type === "test" ? `test-${m.timestamp}` : m.incident.id };
    if (event_action !== "trigger") return { url: c.url, body: JSON.stringify(base) };
    return {
      url: c.url,
      body: JSON.stringify({
        ...base,
        payload: {
          summary: m.title.slice(0, 1024),
          source: m.incident.backends.join(", ") || "originwatch",
          severity: PD_SEVERITY[m.incident.severity] ?? "error",
          timestamp: m.timestamp,
          component: m.incident.backends[0] ?? undefined,
          class: m.incident.causes[0]?.cause,
          custom_details: { text: m.text, causes: m.incident.causes, rule: m.rule?.name ?? null, value: m.value },
        },
        links: [{ href: m.incident.url, text: "Open the incident in Origin Watch" }],
        client: "Origin Watch",
        client_url: m.incident.url,
      }),
    };
  },
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
