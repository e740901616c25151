import { route, param } from "@/lib/http/handler";
import { getIncident } from "@/lib/incidents/read";
import { acknowledgeIncident } from "@/lib/incidents/actions";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "incidents.write" }, async ({ actor, params, db }) => {
  const { sql } = db;
  await acknowledgeIncident(sql, actor, param(params, "id"));
  return getIncident(sql, param(params, "id"));
});
