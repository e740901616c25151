import { route, readJson } from "@/lib/http/handler";
import { serverEgressPolicy } from "@/lib/net/egress";
import { createChannel, listChannels } from "@/lib/notifications/channels-store";

export const dynamic = "force-dynamic";

// Configs come back without their secrets; the rule form lists channels for editors too.
export const GET = route({ permission: "dashboard.read" }, async ({ prisma }) => ({ channels: await listChannels(prisma) }));

// A webhook's signing secret is in this answer and nowhere else.
export const POST = route({ permission: "channels.manage" }, async ({ req, prisma, actor }) =>
  Response.json(await createChannel(prisma, actor, await readJson(req), serverEgressPolicy()), { status: 201 }),
);
