import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ actor }) => ({ actor }));
