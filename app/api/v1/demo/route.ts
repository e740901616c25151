import { route, readJson } from "@/lib/http/handler";
import { getDatabase } from "@/lib/db/client";
import { loadDemo } from "@/lib/demo/load";
import { removeDemo } from "@/lib/demo/remove";
import { demoStatus } from "@/lib/demo/status";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async () => demoStatus((await getDatabase()).sql));

export const POST = route({ permission: "demo.manage" }, async ({ req, actor }) =>
  Response.json(await loadDemo(await getDatabase(), actor, await readJson(req)), { status: 201 }),
);

export const DELETE = route({ permission: "demo.manage" }, async ({ actor }) => removeDemo(await getDatabase(), actor));
