// Email over SMTP with nodemailer: a plain-text part and an HTML part. The connection is opened
// through the egress policy (connectChecked) and handed to nodemailer, which then speaks SMTP,
// STARTTLS or implicit TLS over it. The password is write-only.
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { z } from "zod";
import { connectChecked, isEgressDenied } from "@/lib/net/egress";
import type { ChannelKind, SendOutcome } from "@/lib/notifications/channels/types";
import { escapeHtml, stateColor } from "@/lib/notifications/channels/format";
import type { NotificationPayload } from "@/lib/notifications/message";

const address = z.string().trim().email("must be an email address");
const EmailConfig = z.strictObject({
  host: z.string().trim().min(1, "host is required").max(253),
  port: z.coerce.number().int().min(1).max(65535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  username: z.string().trim().min(1).optional(),
  password: z.string().min(1).optional(),
  from: address,
  to: z.array(address).min(1, "to needs at least one address").max(50),
});
type EmailConfig = z.infer<typeof EmailConfig>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function html(m: NotificationPayload): string {
  const lines = m.text.split("\n").map((l) => `<p style="margin:0 0 8px">${escapeHtml(l)}</p>`).join("");
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">
<div style="border-left:4px solid ${stateColor(m)};padding:4px 12px">
<h2 style="margin:0 0 12px;font-size:18px">${escapeHtml(m.title)}</h2>${lines}
<p><a href="${escapeHtml(m.incident.url)}">Open the incident</a></p></div></body></html>`;
}

export const emailChannel: ChannelKind<EmailConfig, RenderedMail> = {
  kind: "email",
  label: "Email (SMTP)",
  fields: [
    { key: "host", label: "SMTP host", type: "text" },
    { key: "port", label: "Port", type: "number", optional: true, help: "587 (STARTTLS) or 465 (TLS)" },
    { key: "secure", label: "TLS from the start (port 465)", type: "boolean", optional: true },
    { key: "username", label: "Username", type: "text", optional: true },
    { key: "password", label: "Password", type: "text", secret: true, optional: true },
    { key: "from", label: "From", type: "text" },
    { key: "to", label: "To (comma-separated)", type: "list" },
  ],
  configSchema: EmailConfig,
  hosts: (c) => [c.host],
  render: (m) => ({ subject: m.title, text: `${m.text}\n\n${m.incident.url}\n`, html: html(m) }),
  async send(mail, c, ctx): Promise<SendOutcome> {
    const transport = nodemailer.createTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      auth: c.username ? { user: c.username, pass: c.password ?? "" } : undefined,
      connectionTimeout: ctx.timeoutMs,
      greetingTimeout: ctx.timeoutMs,
      socketTimeout: ctx.timeoutMs,
      getSocket(_options: SMTPTransport.Options, callback: (err: Error | null, socketOptions: object | null) => void) {
        try {
          const socket = connectChecked(ctx.egress, { host: c.host, port: c.port });
          socket.once("connect", () => callback(null, { connection: socket }));
          socket.once("error", (e) => callback(e, null));
        } catch (e) {
          callback(e as Error, null);
        }
      },
    });
    try {
      const info = await transport.sendMail({ from: c.from, to: c.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: `<${ctx.messageId}@originwatch>` });
      return info.rejected.length > 0 && info.accepted.length === 0
        ? { ok: false, retryable: false, status: null, error: `every recipient was refused: ${info.rejected.join(", ")}` }
        : { ok: true, status: null };
    } catch (e) {
      if (isEgressDenied(e)) return { ok: false, retryable: false, status: null, error: `refused by the egress policy: ${e.message}` };
      const err = e as Error & { responseCode?: number };
      // 5xx SMTP replies are permanent (bad address, auth refused); 4xx and network errors pass.
      const permanent = typeof err.responseCode === "number" && err.responseCode >= 500;
      return { ok: false, retryable: !permanent, status: err.responseCode ?? null, error: err.message };
    } finally {
      transport.close();
    }
  },
};
