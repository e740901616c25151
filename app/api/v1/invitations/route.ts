import { route, readJson } from "@/lib/http/handler";
import { authConfig } from "@/lib/config/env";
import { createInvitation, listInvitations } from "@/lib/invitations/invitations";

export const dynamic = "force-dynamic";

const origin = (req: Request) => (authConfig().url ?? new URL(req.url).origin).replace(/\/+$/, "");

export const POST = route({ permission: "users.manage" }, async ({ req, actor, prisma }) =>
  Response.json(await createInvitation(prisma, actor, await readJson(req), origin(req)), { status: 201 }),
);

export const GET = route({ permission: "users.manage" }, async ({ actor, prisma }) => ({ invitations: await listInvitations(prisma, actor) }));
