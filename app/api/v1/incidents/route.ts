import { route } from "@/lib/http/handler";
import { listIncidents } from "@/lib/incidents/read";
import { IncidentQuery } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read", query: IncidentQuery }, async ({ db, query }) => ({
  incidents: await listIncidents(db.sql, query),
}));
