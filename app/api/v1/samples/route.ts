import { route } from "@/lib/http/handler";
import { readSamples } from "@/lib/samples/queries";
import { SamplesQuery } from "@/lib/samples/schemas";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read", query: SamplesQuery }, ({ db, query }) => readSamples(db, query));
