import { route, readJson } from "@/lib/http/handler";
import { createSilence, listSilences } from "@/lib/alerts/silence-actions";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ prisma }) => ({ silences: await listSilences(prisma) }));

export const POST = route({ permission: "rules.write" }, async ({ req, prisma, actor }) =>
  Response.json(await createSilence(prisma, actor, await readJson(req)), { status: 201 }),
);
