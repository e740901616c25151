import "server-only";
// The signed-in actor of a browser session, for pages and route handlers (requests with a bearer
// token are resolved by lib/http/actor.ts).
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getAuthOptions } from "@/lib/auth/next-auth";
import { can, type Action, type Actor } from "@/lib/auth/permissions";
import { parseRole } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/client";
import { needsSetup } from "@/lib/auth/users";
import { sessionStillValid } from "@/lib/auth/session-validity";

/** The user of the request's session cookie, if it is still valid. */
export async function sessionActor(): Promise<Actor | null> {
  const session = await getServerSession(getAuthOptions());
  const uid = session?.user?.id;
  if (!uid) return null;
  const prisma = await getPrisma();
  const sid = session.user?.sid;
  // The user and the session's own sign-out, if it happened, read side by side.
  const [user, ended] = await Promise.all([
    prisma.user.findUnique({ where: { id: uid } }),
    prisma.endedSession.findFirst({ where: { sid: sid ?? "", userId: uid }, select: { sid: true } }),
  ]);
  if (!user || user.disabled || ended !== null || !sessionStillValid(user, session.user ?? {})) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: parseRole(user.role), sessionId: session.user?.sid };
}

/**
 * Who renders this page, read once per request: the layout and the page both ask, concurrently,
 * and React's request cache hands the second the first one's answer (two database reads fewer on
 * every page). Outside a render (route handlers) `cache` does not memoize.
 */
const pageSession = cache(async (): Promise<{ setup: boolean; actor: Actor | null }> => {
  // A valid session means a user exists, so setup is done: only a request without one asks.
  const actor = await sessionActor();
  if (actor) return { setup: false, actor };
  return { setup: await needsSetup(await getPrisma()), actor: null };
});

/** For pages: the actor, or a redirect to setup / sign-in; a 403 page when the role is short. */
export async function requirePageActor(action: Action = "dashboard.read", from = "/"): Promise<Actor> {
  const { setup, actor } = await pageSession();
  if (setup) redirect("/setup");
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  if (!can(actor, action)) redirect(`/forbidden?need=${encodeURIComponent(action)}`);
  return actor;
}
