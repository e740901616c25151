import { route, param } from "@/lib/http/handler";
import { getIncident } from "@/lib/incidents/read";
import { postmortemMarkdown } from "@/lib/incidents/postmortem";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ params, db }) => {
  const incident = await getIncident(db.sql, param(params, "id"));
  return new Response(postmortemMarkdown(incident), {
    headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="postmortem-${incident.id}.md"` },
  });
});
