import { route, readJson } from "@/lib/http/handler";
import { acceptInvitation } from "@/lib/invitations/invitations";

export const dynamic = "force-dynamic";

// Public: the invitation's token in the body is the credential.
export const POST = route({ permission: null }, async ({ req, prisma }) => Response.json(await acceptInvitation(prisma, await readJson(req)), { status: 201 }));
