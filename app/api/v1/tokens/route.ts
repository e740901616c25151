import { route, readJson } from "@/lib/http/handler";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "tokens.manage" }, async ({ prisma, actor }) => ({ tokens: await listApiTokens(prisma, actor) }));

// The token is in this answer and nowhere else, ever: only its hash is stored.
export const POST = route({ permission: "tokens.manage" }, async ({ req, prisma, actor }) => {
  const { token, record } = await createApiToken(prisma, actor, await readJson(req));
  return Response.json({ ...record, token }, { status: 201 });
});
