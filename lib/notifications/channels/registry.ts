// Every channel kind, by id. A new kind is a folder and a line here.
import type { ChannelKind } from "@/lib/notifications/channels/types";
import { webhookChannel } from "@/lib/notifications/channels/webhook";
import { slackChannel } from "@/lib/notifications/channels/slack";
import { teamsChannel } from "@/lib/notifications/channels/teams";
import { discordChannel } from "@/lib/notifications/channels/discord";
import { googleChatChannel } from "@/lib/notifications/channels/google_chat";
import { mattermostChannel } from "@/lib/notifications/channels/mattermost";
import { telegramChannel } from "@/lib/notifications/channels/telegram";
import { pagerdutyChannel } from "@/lib/notifications/channels/pagerduty";
import { ntfyChannel } from "@/lib/notifications/channels/ntfy";
import { pushoverChannel } from "@/lib/notifications/channels/pushover";
import { emailChannel } from "@/lib/notifications/channels/email";

export const CHANNEL_KIND_IDS = ["webhook", "slack", "teams", "discord", "google_chat", "mattermost", "telegram", "pagerduty", "ntfy", "pushover", "email"] as const;
export type ChannelKindId = (typeof CHANNEL_KIND_IDS)[number];

// Each kind's own config type is checked in its folder; here they are held as one shape.
type AnyKind = ChannelKind<Record<string, unknown>, unknown>;
const asAny = <C, R>(k: ChannelKind<C, R>) => k as unknown as AnyKind;

export const CHANNEL_KINDS: Record<ChannelKindId, AnyKind> = {
  webhook: asAny(webhookChannel),
  slack: asAny(slackChannel),
  teams: asAny(teamsChannel),
  discord: asAny(discordChannel),
  google_chat: asAny(googleChatChannel),
  mattermost: asAny(mattermostChannel),
  telegram: asAny(telegramChannel),
  pagerduty: asAny(pagerdutyChannel),
  ntfy: asAny(ntfyChannel),
  pushover: asAny(pushoverChannel),
  email: asAny(emailChannel),
};

export const isChannelKind = (k: string): k is ChannelKindId => (CHANNEL_KIND_IDS as readonly string[]).includes(k);
