import { route } from "@/lib/http/handler";
import { endOtherSessions } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

// "Sign out everywhere else": every other session of the signed-in user ends; this one stays.
export const DELETE = route({ permission: "dashboard.read" }, async ({ prisma, actor }) => endOtherSessions(prisma, actor));
