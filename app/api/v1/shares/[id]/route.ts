import { route, param } from "@/lib/http/handler";
import { revokeShare } from "@/lib/shares/links";

export const dynamic = "force-dynamic";

export const DELETE = route({ permission: "shares.create" }, async ({ actor, prisma, params }) => revokeShare(prisma, actor, param(params, "id")));
