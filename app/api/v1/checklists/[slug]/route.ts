import { route, readJson, param } from "@/lib/http/handler";
import { getChecklistTemplate, saveChecklistTemplate } from "@/lib/incidents/checklists/versions";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ db, params }) => getChecklistTemplate(db.sql, param(params, "slug")));

export const PUT = route({ permission: "incidents.write" }, async ({ db, req, actor, params }) =>
  saveChecklistTemplate(db.sql, actor, param(params, "slug"), await readJson(req)),
);
