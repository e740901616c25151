import "server-only";
// The signed-in actor for pages and route handlers: a session cookie or a bearer API token.
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getAuthOptions } from "@/lib/auth/next-auth";
import { actorFromApiToken } from "@/lib/auth/api-tokens";
import { SHARE_TOKEN_PREFIX, actorFromShareToken } from "@/lib/shares/links";
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
  const sid = session.user?.sid;
  // The session's own sign-out, if it happened, comes along in the same read.
  const user = await prisma.user.findUnique({
    where: { id: uid },
    include: { endedSessions: { where: { sid: sid ?? "" }, select: { sid: true }, take: 1 } },
  });
  if (!user || user.disabled || user.endedSessions.length > 0 || !sessionStillValid(user, session.user ?? {})) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: parseRole(user.role), sessionId: session.user?.sid };
}

/** The bearer token of a request, if it sends one. */
export function bearerToken(req: Request): string | null {
  const auth = req.headers.get("authorization");
  return auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : null;
}

export const isShareToken = (token: string | null): boolean => token?.startsWith(`${SHARE_TOKEN_PREFIX}_`) ?? false;

/** Bearer token first (automation, or a share link's token), then the session cookie (the browser). */
export async function requestActor(req: Request): Promise<Actor | null> {
  const token = bearerToken(req);
  if (token !== null) {
    const prisma = await getPrisma();
    return isShareToken(token) ? actorFromShareToken(prisma, token) : actorFromApiToken(prisma, token);
  }
  return sessionActor();
}

/**
 * Who renders this page, read once per request: the layout and the page both ask, concurrently,
 * and React's request cache hands the second the first one's answer (two database reads fewer on
 * every page). Outside a render (route handlers) `cache` does not memoize.
 */
const pageSession = cache(async (): Promise<{ setup: boolean; actor: Actor | null }> => {
  if (await needsSetup(await getPrisma())) return { setup: true, actor: null };
  return { setup: false, actor: await sessionActor() };
});

/** For pages: the actor, or a redirect to setup / sign-in; a 403 page when the role is short. */
export async function requirePageActor(action: Action = "dashboard.read", from = "/"): Promise<Actor> {
  const { setup, actor } = await pageSession();
  if (setup) redirect("/setup");
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  if (!can(actor, action)) redirect(`/forbidden?need=${encodeURIComponent(action)}`);
  return actor;
}
