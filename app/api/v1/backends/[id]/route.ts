import { route, readJson, param } from "@/lib/http/handler";
import { deleteBackend, getBackend, updateBackend } from "@/lib/backends/backends";
import { sharedBackend } from "@/lib/shares/content";

export const dynamic = "force-dynamic";

// A share link of this backend may read it too: health and probe outcomes, never probe settings.
export const GET = route({ permission: "dashboard.read", share: ({ params }) => ({ resource: "backend", id: param(params, "id") }) }, async ({ prisma, actor, params }) => {
  const backend = await getBackend(prisma, actor, param(params, "id"));
  return actor.kind === "share" ? sharedBackend(backend, actor.share.redact) : backend;
});

export const PATCH = route({ permission: "backends.write" }, async ({ req, prisma, actor, params }) =>
  updateBackend(prisma, actor, param(params, "id"), await readJson(req)),
);

export const DELETE = route({ permission: "backends.write" }, async ({ prisma, actor, params }) => {
  await deleteBackend(prisma, actor, param(params, "id"));
  return new Response(null, { status: 204 });
});
