import { route, readJson, param } from "@/lib/http/handler";
import { deletePolicy, updatePolicy } from "@/lib/notifications/policies";

export const dynamic = "force-dynamic";

export const PATCH = route({ permission: "channels.manage" }, async ({ req, prisma, actor, params }) => updatePolicy(prisma, actor, param(params, "id"), await readJson(req)));

export const DELETE = route({ permission: "channels.manage" }, async ({ prisma, actor, params }) => {
  await deletePolicy(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
