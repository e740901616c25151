import { route, readJson } from "@/lib/http/handler";
import { createSource, listSources } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma }) => ({ sources: await listSources(prisma) }));

// The answer carries the ingest token: the only time it is ever shown.
export const POST = route({ permission: "sources.write" }, async ({ req, prisma, actor }) =>
  Response.json(await createSource(prisma, actor, await readJson(req)), { status: 201 }),
);
