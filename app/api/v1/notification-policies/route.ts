import { route, readJson } from "@/lib/http/handler";
import { createPolicy, listPolicies } from "@/lib/notifications/policies";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma }) => ({ policies: await listPolicies(prisma) }));

export const POST = route({ permission: "channels.manage" }, async ({ req, prisma, actor }) =>
  Response.json(await createPolicy(prisma, actor, await readJson(req)), { status: 201 }),
);
