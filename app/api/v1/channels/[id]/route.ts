import { route, readJson, param } from "@/lib/http/handler";
import { serverEgressPolicy } from "@/lib/net/egress";
import { deleteChannel, getChannel, updateChannel } from "@/lib/notifications/channels-store";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "settings.read" }, async ({ prisma, params }) => getChannel(prisma, param(params, "id")));

export const PATCH = route({ permission: "channels.manage" }, async ({ req, prisma, actor, params }) =>
  updateChannel(prisma, actor, param(params, "id"), await readJson(req), serverEgressPolicy()),
);

export const DELETE = route({ permission: "channels.manage" }, async ({ prisma, actor, params }) => {
  await deleteChannel(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
