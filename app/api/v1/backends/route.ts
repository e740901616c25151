import { route, readJson } from "@/lib/http/handler";
import { createBackend, listBackends } from "@/lib/backends/backends";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, actor }) => ({ backends: await listBackends(prisma, actor) }));

// 201 for a new backend; 200 when a backend discovered from logs under that name was adopted.
export const POST = route({ permission: "backends.write" }, async ({ req, prisma, actor }) => {
  const { backend, adopted } = await createBackend(prisma, actor, await readJson(req));
  return Response.json(backend, { status: adopted ? 200 : 201 });
});
