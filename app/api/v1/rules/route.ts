import { route, readJson } from "@/lib/http/handler";
import { createRule, listRules } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { retentionConfig } from "@/lib/config/env";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma }) => ({ rules: await listRules(prisma) }));

export const POST = route({ permission: "rules.write" }, async ({ req, prisma, actor }) =>
  Response.json(await createRule(prisma, actor, await readJson(req), limitsFromRetention(retentionConfig())), { status: 201 }),
);
