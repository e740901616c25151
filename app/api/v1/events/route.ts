import { route, readJson } from "@/lib/http/handler";
import { createEvent, listEvents } from "@/lib/events/events";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read" }, async ({ req, prisma }) => ({
  events: await listEvents(prisma, Object.fromEntries(new URL(req.url).searchParams)),
}));

export const POST = route({ permission: "events.write" }, async ({ req, prisma, actor }) =>
  Response.json(await createEvent(prisma, actor, await readJson(req)), { status: 201 }),
);
