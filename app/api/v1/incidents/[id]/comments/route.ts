import { route, readJson, param } from "@/lib/http/handler";
import { commentOnIncident } from "@/lib/incidents/actions";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "incidents.write" }, async ({ req, actor, params, db }) => {
  await commentOnIncident(db.sql, actor, param(params, "id"), await readJson(req));
  return Response.json({ ok: true }, { status: 201 });
});
