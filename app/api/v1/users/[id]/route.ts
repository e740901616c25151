import { route, readJson, param } from "@/lib/http/handler";
import { assertMayChangeUser, updateUser } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

// Users update their own name and password; admins also change roles and disable accounts.
export const PATCH = route({ permission: "dashboard.read" }, async ({ req, prisma, actor, params }) => {
  assertMayChangeUser(actor, param(params, "id"));
  return { user: await updateUser(prisma, actor, param(params, "id"), await readJson(req)) };
});
