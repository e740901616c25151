import { route } from "@/lib/http/handler";
import { getDatabase } from "@/lib/db/client";
import { readSeries } from "@/lib/rollups/read";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ req }) => readSeries(await getDatabase(), req.url));
