import { route, readJson, param } from "@/lib/http/handler";
import { getIncident } from "@/lib/incidents/read";
import { updateIncident } from "@/lib/incidents/actions";
import { sharedIncident } from "@/lib/shares/content";

export const dynamic = "force-dynamic";

// A share link of this incident may read it too, redacted as the link says.
export const GET = route({ permission: "dashboard.read", share: ({ params }) => ({ resource: "incident", id: param(params, "id") }) }, async ({ params, db, actor }) => {
  const incident = await getIncident(db.sql, param(params, "id"));
  return actor.kind === "share" ? sharedIncident(incident, actor.share.redact) : incident;
});

export const PATCH = route({ permission: "incidents.write" }, async ({ req, actor, params, db }) => {
  const { sql } = db;
  await updateIncident(sql, actor, param(params, "id"), await readJson(req));
  return getIncident(sql, param(params, "id"));
});
