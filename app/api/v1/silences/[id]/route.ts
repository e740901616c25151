import { route, param } from "@/lib/http/handler";
import { deleteSilence } from "@/lib/alerts/silence-actions";

export const dynamic = "force-dynamic";

export const DELETE = route({ permission: "rules.write" }, async ({ prisma, actor, params }) => {
  await deleteSilence(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
