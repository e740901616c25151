// The one place an invitation leaves the building. With an enabled email channel (Settings →
// Channels) the link is mailed to the invitee through that channel's SMTP server, and the answer is
// "emailed"; without one, or when the server refuses it, the admin is shown the link to copy.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/observability/logger";
import { serverEgressPolicy } from "@/lib/net/egress";
import { emailChannel } from "@/lib/notifications/channels/email";
import { escapeHtml } from "@/lib/notifications/channels/format";

export type Delivery = "shown to copy" | "emailed";

export interface InvitationMessage {
  email: string;
  role: string;
  url: string;
  expiresAt: Date;
  invitedBy: string;
}

const SEND_TIMEOUT_MS = 15_000;

export function invitationMail(m: InvitationMessage): { subject: string; text: string; html: string } {
  const until = m.expiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const text = `${m.invitedBy} invited you to Origin Watch as ${m.role}.\n\nAccept (the link works once, until ${until}):\n${m.url}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">
<p>${escapeHtml(m.invitedBy)} invited you to Origin Watch as <b>${escapeHtml(m.role)}</b>.</p>
<p><a href="${escapeHtml(m.url)}">Accept the invitation</a> (the link works once, until ${escapeHtml(until)}).</p></body></html>`;
  return { subject: "You are invited to Origin Watch", text, html };
}

export async function deliverInvitation(prisma: PrismaClient, message: InvitationMessage): Promise<Delivery> {
  const channels = await prisma.notificationChannel.findMany({ where: { kind: "email", enabled: true }, orderBy: { createdAt: "asc" } });
  for (const channel of channels) {
    const config = emailChannel.configSchema.safeParse(channel.config);
    if (!config.success) continue;
    const out = await emailChannel.send(invitationMail(message), { ...config.data, to: [message.email] }, {
      egress: serverEgressPolicy(),
      messageId: randomUUID(),
      secrets: [],
      now: Date.now(),
      timeoutMs: SEND_TIMEOUT_MS,
    });
    if (out.ok) return "emailed";
    logger.warn("invitation email not sent; the link is shown to copy", { channelId: channel.id, error: out.error });
  }
  return "shown to copy";
}
