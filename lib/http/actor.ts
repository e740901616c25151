import "server-only";
// Who sent a request: a bearer token (an API token, or a share link's token) or else the browser's
// session cookie. Here rather than in lib/auth because share links (lib/shares) build on auth.
import { actorFromApiToken } from "@/lib/auth/api-tokens";
import type { Actor } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { SHARE_TOKEN_PREFIX, actorFromShareToken } from "@/lib/shares/links";

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
