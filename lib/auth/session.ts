import "server-only";
// The signed-in actor for pages and route handlers: a session cookie or a bearer API token.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getAuthOptions } from "@/lib/auth/next-auth";
import { actorFromApiToken } from "@/lib/auth/api-tokens";
import { can, type Action, type Actor } from "@/lib/auth/permissions";
import { parseRole } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/client";
import { needsSetup } from "@/lib/auth/users";
import { sessionStillValid } from "@/lib/auth/session-validity";

export async function sessionActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const uid = session?.user?.id;
  if (!uid) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: uid } });
  if (!user || user.disabled || !sessionStillValid(user, session.user ?? {})) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: parseRole(user.role), sessionId: session.user?.sid };
}

/** Bearer token first (automation), then the session cookie (the browser). */
export async function requestActor(req: Request): Promise<Actor | null> {
  const auth = req.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    return actorFromApiToken(await getPrisma(), auth.slice(7).trim());
  }
  return sessionActor();
}

/** For pages: the actor, or a redirect to setup / sign-in; a 403 page when the role is short. */
export async function requirePageActor(action: Action = "dashboard.read", from = "/"): Promise<Actor> {
  const prisma = await getPrisma();
  if (await needsSetup(prisma)) redirect("/setup");
  const actor = await sessionActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  if (!can(actor, action)) redirect(`/forbidden?need=${encodeURIComponent(action)}`);
  return actor;
}
