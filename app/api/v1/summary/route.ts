import { route } from "@/lib/http/handler";
import { readSummary } from "@/lib/rollups/read";
import { SummaryQuery } from "@/lib/rollups/schemas";
import { trafficRead } from "@/lib/auth/share-scope";

export const dynamic = "force-dynamic";

// A backend or view share link may read the summary its page shows (its own filters and range).
export const GET = route({ permission: "dashboard.read", query: SummaryQuery, share: ({ query }) => trafficRead(query) }, ({ db, query }) => readSummary(db, query));
