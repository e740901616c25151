import { route, param } from "@/lib/http/handler";
import { revokeApiToken } from "@/lib/auth/api-tokens";

export const dynamic = "force-dynamic";

export const DELETE = route({ permission: "tokens.manage" }, async ({ prisma, actor, params }) => ({
  token: await revokeApiToken(prisma, actor, param(params, "id")),
}));
