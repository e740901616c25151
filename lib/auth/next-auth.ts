// next-auth (v4) configuration: email + password from the database, plus GitHub and a generic
// OIDC provider when their env vars are set. Sessions are signed JWT cookies carrying only the
// user id, a random session id and the user's sessions_valid_from as of sign-in; the user is read
// from the database on every request (lib/auth/session.ts), so a role change, a disabled account,
// ended sessions or a sign-out take effect at once.
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import type { Provider } from "next-auth/providers/index";
import { authConfig, trustedProxiesConfig, type AuthConfig, type TrustedProxies } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { endSession } from "@/lib/auth/ended-sessions";
import { logger } from "@/lib/observability/logger";
import { recordAudit } from "@/lib/audit/record";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

function providers(cfg: AuthConfig, trust: TrustedProxies): Provider[] {
  const list: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const prisma = await getPrisma();
        try {
          const user = await signInWithPassword(prisma, credentials ?? {}, clientIpFromHeaders(req.headers ?? {}, trust));
          return { id: user.id, email: user.email, name: user.name, sessionsSince: user.sessionsSince };
        } catch (e) {
          // next-auth passes an Error's message to the sign-in page; only our own messages go there.
          throw new Error(isAppError(e) ? e.message : "Sign-in failed. Try again.");
        }
      },
    }),
  ];
  if (cfg.github) list.push(GitHubProvider({ clientId: cfg.github.clientId, clientSecret: cfg.github.clientSecret }));
  if (cfg.oidc) {
    list.push({
      id: "oidc",
      name: cfg.oidc.name,
      type: "oauth",
      wellKnown: `${cfg.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      clientId: cfg.oidc.clientId,
      clientSecret: cfg.oidc.clientSecret,
      profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
    });
  }
  return list;
}

const SESSION_MAX_AGE_S = 30 * 24 * 3600;

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const cfg = authConfig();
  cached = {
    secret: cfg.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    providers: providers(cfg, trustedProxiesConfig()),
    callbacks: {
      // OAuth sign-ins are accepted only for people an admin already added (matched by email).
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        if (!user.email) return "/signin?error=OAuthNoEmail";
        const prisma = await getPrisma();
        const existing = await prisma.user.findUnique({ where: { email: user.email.toLowerCase() } });
        if (!existing || existing.disabled) {
          await recordAudit(prisma, { kind: "system" }, "auth.sign_in_failed", undefined, { email: user.email.toLowerCase(), reason: "not_invited", method: account.provider });
          return "/signin?error=OAuthNotInvited";
        }
        await prisma.account.upsert({
          where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
          create: { userId: existing.id, type: account.type, provider: account.provider, providerAccountId: account.providerAccountId },
          update: {},
        });
        await prisma.user.update({ where: { id: existing.id }, data: { lastLoginAt: new Date() } });
        await recordAudit(prisma, { kind: "user", id: existing.id }, "auth.sign_in", { type: "user", id: existing.id }, { method: account.provider });
        return true;
      },
      async jwt({ token, user, account }) {
        // Only at sign-in (user and account are absent on later calls): the claims set here ride
        // along every refresh of the cookie.
        if (user && account) {
          token.sid = randomUUID();
          if (account.provider === "credentials") {
            token.uid = user.id;
            token.sessionsSince = user.sessionsSince ?? 0;
          } else if (user.email) {
            const prisma = await getPrisma();
            const row = await prisma.user.findUnique({ where: { email: user.email.toLowerCase() } });
            token.uid = row?.id;
            token.sessionsSince = row?.sessionsValidFrom?.getTime() ?? 0;
          }
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        if (session.user && typeof token.sid === "string") session.user.sid = token.sid;
        if (session.user && typeof token.sessionsSince === "number") session.user.sessionsSince = token.sessionsSince;
        return session;
      },
    },
    events: {
      // Signing out ends the session on the server too: the cookie is a self-contained JWT that
      // would otherwise stay valid until it expires. next-auth clears the cookie even when this
      // fails, so the failure is logged loudly.
      async signOut({ token }) {
        if (typeof token?.uid !== "string" || typeof token.sid !== "string") return;
        const expiresAt = typeof token.exp === "number" ? new Date(token.exp * 1000) : new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
        try {
          await endSession(await getPrisma(), { sid: token.sid, userId: token.uid, expiresAt });
        } catch (e) {
          logger.error("sign-out could not end the session on the server", { error: e });
        }
      },
    },
  };
  return cached;
}

export function enabledOAuthProviders(): Array<{ id: string; name: string }> {
  const cfg = authConfig();
  const out: Array<{ id: string; name: string }> = [];
  if (cfg.github) out.push({ id: "github", name: "GitHub" });
  if (cfg.oidc) out.push({ id: "oidc", name: cfg.oidc.name });
  return out;
}
