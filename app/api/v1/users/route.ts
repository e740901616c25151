import { route, readJson } from "@/lib/http/handler";
import { createUser, listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "users.manage" }, async ({ prisma, actor }) => ({ users: await listUsers(prisma, actor) }));

export const POST = route({ permission: "users.manage" }, async ({ req, prisma, actor }) => {
  const user = await createUser(prisma, actor, await readJson(req));
  return Response.json({ user }, { status: 201 });
});
