import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ChannelsSection, type KindOption } from "@/components/channels/channels-section";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { CHANNEL_KINDS, CHANNEL_KIND_IDS } from "@/lib/notifications/channels/registry";
import { listChannels } from "@/lib/notifications/channels-store";
import { listPolicies } from "@/lib/notifications/policies";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  await requirePageActor("channels.manage", "/settings/channels");
  const prisma = await getPrisma();
  const [channels, policies] = [await listChannels(prisma), await listPolicies(prisma)];
  const kinds: KindOption[] = CHANNEL_KIND_IDS.map((id) => ({ id, label: CHANNEL_KINDS[id].label, fields: CHANNEL_KINDS[id].fields }));
  return (
    <>
      <PageHeader
        title="Channels"
        description="Where incidents are announced: opened (after a 30 s group wait), escalated, acknowledged, resolved, and reminders while nobody acknowledges. A rule's own channels come first; rules without any follow the policies below."
      />
      <ChannelsSection channels={channels} policies={policies} kinds={kinds} />
    </>
  );
}
