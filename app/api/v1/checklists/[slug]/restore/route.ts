import { route, param } from "@/lib/http/handler";
import { restoreChecklistTemplate } from "@/lib/incidents/checklists/versions";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "incidents.write" }, async ({ db, actor, params }) =>
  restoreChecklistTemplate(db.sql, actor, param(params, "slug")),
);
