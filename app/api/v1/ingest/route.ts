import { handleIngest } from "@/lib/ingest/endpoint";

export const dynamic = "force-dynamic";

export const POST = handleIngest;
