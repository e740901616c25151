import { route } from "@/lib/http/handler";
import { listChecklistTemplates } from "@/lib/incidents/checklists/versions";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ db }) => ({ checklists: await listChecklistTemplates(db.sql) }));
