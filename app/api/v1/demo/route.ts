import { route, readJson } from "@/lib/http/handler";
import { loadDemo } from "@/lib/demo/load";
import { removeDemo } from "@/lib/demo/remove";
import { demoStatus } from "@/lib/demo/status";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ db }) => demoStatus(db.sql));

export const POST = route({ permission: "demo.manage" }, async ({ req, actor, db }) =>
  Response.json(await loadDemo(db, actor, await readJson(req)), { status: 201 }),
);

export const DELETE = route({ permission: "demo.manage" }, async ({ actor, db }) => removeDemo(db, actor));
