import { route, param } from "@/lib/http/handler";
import { checklistVersions } from "@/lib/incidents/checklists/versions";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ db, params }) => ({
  versions: await checklistVersions(db.sql, param(params, "slug")),
}));
