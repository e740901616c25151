import { route, param } from "@/lib/http/handler";
import { notifyConfig } from "@/lib/config/env";
import { serverEgressPolicy } from "@/lib/net/egress";
import { testChannel } from "@/lib/notifications/channels-store";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "channels.manage" }, async ({ prisma, db, actor, params }) =>
  testChannel(prisma, db.sql, actor, param(params, "id"), { egress: serverEgressPolicy(), baseUrl: notifyConfig().baseUrl }),
);
