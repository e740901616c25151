import { route, readJson } from "@/lib/http/handler";
import { setupFirstOwner } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

// Public on purpose: it only works while no user exists (the first-run setup).
export const POST = route({ permission: null }, async ({ req, prisma }) => {
  const user = await setupFirstOwner(prisma, await readJson(req));
  return Response.json({ user }, { status: 201 });
});
