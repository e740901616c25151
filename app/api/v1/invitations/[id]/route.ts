import { route, param } from "@/lib/http/handler";
import { revokeInvitation } from "@/lib/invitations/invitations";

export const dynamic = "force-dynamic";

export const DELETE = route({ permission: "users.manage" }, async ({ actor, prisma, params }) => revokeInvitation(prisma, actor, param(params, "id")));
