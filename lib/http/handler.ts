import "server-only";
// The wrapper every API route handler uses: resolve the actor (bearer token or session), refuse
// cross-site changes made with a session cookie, check the permission, run the handler, map any
// error through the one mapper.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { can, type Action, type Actor } from "@/lib/auth/permissions";
import { bearerToken, isShareToken, requestActor } from "@/lib/http/actor";
import { withAuditContext } from "@/lib/audit/context";
import { authConfig, trustedProxiesConfig } from "@/lib/config/env";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { shareAllows, type SharedRead } from "@/lib/auth/share-scope";
import type { z } from "zod";
import { getDatabase, type Database } from "@/lib/db/client";
import { parseInput } from "@/lib/errors/parse";
import { JSON_BODY_LIMIT, discardUnreadBody, readBodyBytes, type BodyLimit } from "@/lib/wire/body";
import { crossSiteRefusal, type SameSiteConfig } from "@/lib/http/cross-site";
import { errorResponse } from "@/lib/wire/error-response";
import { assertCleanJson, assertCleanParams, assertCleanQuery, decodeUtf8Body } from "@/lib/http/clean-input";

type Params = Record<string, string | string[] | undefined>;

export interface HandlerContext<A extends Actor | null, Q = undefined> {
  req: Request;
  actor: A;
  params: Params;
  /** The query string parsed by the route's `query` schema (undefined without one). */
  query: Q;
  db: Database;
  prisma: PrismaClient;
  requestId: string;
}

type Result = Response | object;

interface Options<P extends Action | null, S extends z.ZodType | undefined> {
  /** The permission the route needs; null for a public route (no actor required). */
  permission: P;
  /** The query string's schema: handlers get the parsed query, and a bad one is a 400 before them. */
  query?: S;
  /**
   * For GET routes a share page reads: what this request reads, so a share token may read it when
   * it is the shared thing (lib/auth/share-scope.ts). Without it, share tokens get a 404 here.
   */
  share?: (req: { params: Params; query: QueryOf<S> }) => SharedRead;
}

type QueryOf<S> = S extends z.ZodType ? z.output<S> : undefined;

let sameSite: SameSiteConfig | undefined;
const sameSiteConfig = (): SameSiteConfig => (sameSite ??= { publicUrl: authConfig().url, trust: trustedProxiesConfig() });

export function route<P extends Action | null, S extends z.ZodType | undefined = undefined>(
  opts: Options<P, S>,
  fn: (ctx: HandlerContext<P extends null ? Actor | null : Actor, QueryOf<S>>) => Promise<Result>,
) {
  return async (req: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const db = await getDatabase();
      const prisma = db.prisma;
      const actor = await requestActor(req);
      // An unknown, expired or revoked share token: the same 404 everywhere, whatever the route.
      if (!actor && isShareToken(bearerToken(req))) throw shareNotFound();
      // Only a user actor comes from a session cookie, the credential other sites can ride on.
      if (actor?.kind === "user") {
        const refusal = crossSiteRefusal(req, sameSiteConfig());
        if (refusal) throw new AppError("forbidden", refusal);
      }
      if (opts.permission !== null && actor?.kind !== "share") {
        if (!actor) throw new AppError("unauthorized", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
        if (!can(actor, opts.permission)) throw new AppError("forbidden", `Your role (${actor.role}) cannot do this (${opts.permission}).`);
      }
      // A share token only reads, and only routes that say what they read (see Options.share).
      if (actor?.kind === "share" && (req.method !== "GET" || !opts.share)) throw shareNotFound();
      const params = context?.params ? await context.params : {};
      // NUL bytes and broken encodings are a 400 naming the field, before any query sees them.
      assertCleanParams(params);
      assertCleanQuery(req.url);
      const query = (opts.query ? parseInput(opts.query, Object.fromEntries(new URL(req.url).searchParams)) : undefined) as QueryOf<S>;
      if (actor?.kind === "share" && !shareAllows(actor.share, opts.share!({ params, query }))) throw shareNotFound();
      const ip = clientIpFromHeaders(req.headers, trustedProxiesConfig());
      const out = await withAuditContext({ ip }, () =>
        fn({ req, actor: actor as P extends null ? Actor | null : Actor, params, query, db, prisma, requestId }),
      );
      return out instanceof Response ? out : Response.json(out, { headers: { "x-request-id": requestId } });
    } catch (e) {
      discardUnreadBody(req);
      return errorResponse(e, requestId);
    }
  };
}

/** What every refused share token gets: nothing that tells unknown, expired, revoked or out of scope apart. */
const shareNotFound = () => new AppError("not_found", "Not found.");

/**
 * The request body as JSON; a clear 400 when it is not (or not UTF-8), a 413 past `limit` bytes
 * (1 MiB unless the route needs more). The cap holds while the body streams in: nothing larger is
 * ever buffered.
 */
export async function readJson(req: Request, limit: BodyLimit = { bytes: JSON_BODY_LIMIT }): Promise<unknown> {
  const text = decodeUtf8Body(await readBodyBytes(req, limit));
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  assertCleanJson(value);
  return value;
}

export function param(params: Params, name: string): string {
  const v = params[name];
  if (typeof v !== "string" || !v) throw new AppError("bad_request", `Missing path parameter ${name}.`);
  return v;
}
