import { route, param } from "@/lib/http/handler";
import { getSource, listParseErrors } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, params }) => {
  const source = await getSource(prisma, param(params, "id"));
  return { source: source.id, errors: await listParseErrors(prisma, source.id) };
});
