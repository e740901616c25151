import { route, readJson, param } from "@/lib/http/handler";
import { deleteEvent, updateEvent } from "@/lib/events/events";

export const dynamic = "force-dynamic";

export const PATCH = route({ permission: "events.write" }, async ({ req, prisma, actor, params }) =>
  updateEvent(prisma, actor, param(params, "id"), await readJson(req)),
);

export const DELETE = route({ permission: "events.write" }, async ({ prisma, actor, params }) => {
  await deleteEvent(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
