import { route, param } from "@/lib/http/handler";
import { rotateSourceToken } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "sources.write" }, async ({ prisma, actor, params }) =>
  rotateSourceToken(prisma, actor, param(params, "id")),
);
