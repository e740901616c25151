import { route, param } from "@/lib/http/handler";
import { listProbeResults } from "@/lib/backends/probes";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ req, prisma, actor, params }) =>
  listProbeResults(prisma, actor, param(params, "id"), Object.fromEntries(new URL(req.url).searchParams)),
);
