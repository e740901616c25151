// Telegram bot: sendMessage with HTML parse mode into one chat. The bot token is write-only;
// `apiUrl` exists for a self-hosted Bot API server (and for tests).
import { z } from "zod";
import { hostOf, httpUrl, sendHttp, type HttpRequestSpec } from "@/lib/notifications/channels/http";
import type { ChannelKind } from "@/lib/notifications/channels/types";
import { escapeHtml } from "@/lib/notifications/channels/format";

const TelegramConfig = z.strictObject({
  botToken: z.string().trim().regex(/^\d+:[\w-]+$/, "botToken must look like 123456:ABC-DEF… (from @BotFather)"),
  chatId: z.string().trim().regex(/^(-?\d+|@\w+)$/, "chatId must be a numeric chat id or @channelname"),
  apiUrl: httpUrl("apiUrl").default("https://api.telegram.org"),
});
type TelegramConfig = z.infer<typeof TelegramConfig>;

export const telegramChannel: ChannelKind<TelegramConfig, HttpRequestSpec> = {
  kind: "telegram",
  label: "Telegram",
  fields: [
    { key: "botToken", label: "Bot token", type: "text", secret: true },
    { key: "chatId", label: "Chat id", type: "text" },
    { key: "apiUrl", label: "Bot API URL", type: "url", optional: true, help: "https://api.telegram.org unless you run your own" },
  ],
  configSchema: TelegramConfig,
  hosts: (c) => [hostOf(c.apiUrl)],
  render: (m, c) => ({
    url: `${c.apiUrl.replace(/\/+$/, "")}/bot${c.botToken}/sendMessage`,
    body: JSON.stringify({
      chat_id: c.chatId,
      parse_mode: "HTML",
      disable_web_page_preview: true,
      text: `<b>${escapeHtml(m.title)}</b>\n${escapeHtml(m.text)}\n<a href="${escapeHtml(m.incident.url)}">Open the incident</a>`.slice(0, 4096),
    }),
  }),
  send: (req, _c, ctx) => sendHttp(ctx.egress, req, ctx.timeoutMs),
};
