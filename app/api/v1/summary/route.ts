import { route } from "@/lib/http/handler";
import { getDatabase } from "@/lib/db/client";
import { readSummary } from "@/lib/rollups/read";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ req }) => readSummary(await getDatabase(), req.url));
