import { route, readJson, param } from "@/lib/http/handler";
import { deleteRule, getRule, updateRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { retentionConfig } from "@/lib/config/env";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma, params }) => getRule(prisma, param(params, "id")));

export const PATCH = route({ permission: "rules.write" }, async ({ req, prisma, actor, params }) =>
  updateRule(prisma, actor, param(params, "id"), await readJson(req), limitsFromRetention(retentionConfig())),
);

export const DELETE = route({ permission: "rules.write" }, async ({ prisma, actor, params }) => {
  await deleteRule(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
