// Shared wording for chat channels: colours by state, the link line, escaping.
import type { NotificationPayload } from "@/lib/notifications/message";

/** Red while it burns, amber once someone is on it, green when resolved, grey for tests. */
export function stateColor(m: NotificationPayload): string {
  if (m.type === "test") return "#6b7280";
  if (m.incident.status === "resolved") return "#16a34a";
  if (m.incident.status === "acknowledged") return "#d97706";
  return m.incident.severity === "critical" ? "#dc2626" : "#ea580c";
}

export const colorInt = (hex: string) => Number.parseInt(hex.slice(1), 16);

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Slack and Google Chat mrkdwn: &, < and > are control characters. */
export const escapeMrkdwn = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
