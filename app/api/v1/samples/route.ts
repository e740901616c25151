import { route } from "@/lib/http/handler";
import { getDatabase } from "@/lib/db/client";
import { readSamples } from "@/lib/samples/queries";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ req }) => readSamples(await getDatabase(), req.url));
