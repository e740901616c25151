import { route, readJson } from "@/lib/http/handler";
import { authConfig } from "@/lib/config/env";
import { createShare, listShares } from "@/lib/shares/links";
import { shareMaker } from "@/app/s/share-content";

export const dynamic = "force-dynamic";

// The link's origin: NEXTAUTH_URL when set (the public address), else the address asked for.
const origin = (req: Request) => (authConfig().url ?? new URL(req.url).origin).replace(/\/+$/, "");

export const POST = route({ permission: "shares.create" }, async ({ req, actor, db, prisma }) => {
  const { id, token } = await createShare(prisma, actor, await readJson(req), shareMaker(db, actor));
  return Response.json({ id, url: `${origin(req)}/s/${token}` }, { status: 201 });
});

export const GET = route({ permission: "shares.create" }, async ({ actor, prisma }) => ({ shares: await listShares(prisma, actor) }));
