import { route } from "@/lib/http/handler";
import { readSeries } from "@/lib/rollups/read";
import { SeriesQuery } from "@/lib/rollups/schemas";
import { trafficRead } from "@/lib/auth/share-scope";

export const dynamic = "force-dynamic";

// A backend or view share link may read the series its page draws (its own filters and range).
export const GET = route({ permission: "dashboard.read", query: SeriesQuery, share: ({ query }) => trafficRead(query) }, ({ db, query }) => readSeries(db, query));
