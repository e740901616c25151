import { route, readJson, param } from "@/lib/http/handler";
import { deleteSource, getSource, updateSource } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, params }) => getSource(prisma, param(params, "id")));

export const PATCH = route({ permission: "sources.write" }, async ({ req, prisma, actor, params }) =>
  updateSource(prisma, actor, param(params, "id"), await readJson(req)),
);

export const DELETE = route({ permission: "sources.write" }, async ({ prisma, actor, params }) => {
  await deleteSource(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
