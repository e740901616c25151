import { route, readJson, param } from "@/lib/http/handler";
import { getBackend } from "@/lib/backends/backends";
import { createProbe } from "@/lib/backends/probes";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, actor, params }) => ({
  probes: (await getBackend(prisma, actor, param(params, "id"))).probes,
}));

export const POST = route({ permission: "backends.write" }, async ({ req, prisma, actor, params }) =>
  Response.json(await createProbe(prisma, actor, param(params, "id"), await readJson(req)), { status: 201 }),
);
