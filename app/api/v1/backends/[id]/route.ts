import { route, readJson, param } from "@/lib/http/handler";
import { deleteBackend, getBackend, updateBackend } from "@/lib/backends/backends";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, actor, params }) => getBackend(prisma, actor, param(params, "id")));

export const PATCH = route({ permission: "backends.write" }, async ({ req, prisma, actor, params }) =>
  updateBackend(prisma, actor, param(params, "id"), await readJson(req)),
);

export const DELETE = route({ permission: "backends.write" }, async ({ prisma, actor, params }) => {
  await deleteBackend(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
