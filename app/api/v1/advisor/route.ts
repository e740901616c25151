import { route } from "@/lib/http/handler";
import { loadAdvice } from "@/lib/advisor/load";
import { AdvisorQuery } from "@/lib/advisor/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read", query: AdvisorQuery }, async ({ db, query }) => loadAdvice(db, { backendId: query.backendId }));
