import { route, readJson, param } from "@/lib/http/handler";
import { deleteProbe, getProbe, updateProbe } from "@/lib/backends/probes";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, actor, params }) => getProbe(prisma, actor, param(params, "id")));

export const PATCH = route({ permission: "backends.write" }, async ({ req, prisma, actor, params }) =>
  updateProbe(prisma, actor, param(params, "id"), await readJson(req)),
);

export const DELETE = route({ permission: "backends.write" }, async ({ prisma, actor, params }) => {
  await deleteProbe(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
