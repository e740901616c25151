import "server-only";
// The wrapper every API route handler uses: resolve the actor (bearer token or session), check
// the permission, run the handler, map any error through the one mapper.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { can, type Action, type Actor } from "@/lib/auth/permissions";
import { requestActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/error-response";

type Params = Record<string, string | string[] | undefined>;

export interface HandlerContext<A extends Actor | null> {
  req: Request;
  actor: A;
  params: Params;
  prisma: PrismaClient;
  requestId: string;
}

type Result = Response | object;

interface Options<P extends Action | null> {
  /** The permission the route needs; null for a public route (no actor required). */
  permission: P;
}

export function route<P extends Action | null>(
  opts: Options<P>,
  fn: (ctx: HandlerContext<P extends null ? Actor | null : Actor>) => Promise<Result>,
) {
  return async (req: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const prisma = await getPrisma();
      const actor = await requestActor(req);
      if (opts.permission !== null) {
        if (!actor) throw new AppError("unauthorized", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
        if (!can(actor, opts.permission)) throw new AppError("forbidden", `Your role (${actor.role}) cannot do this (${opts.permission}).`);
      }
      const params = context?.params ? await context.params : {};
      const out = await fn({ req, actor: actor as P extends null ? Actor | null : Actor, params, prisma, requestId });
      return out instanceof Response ? out : Response.json(out, { headers: { "x-request-id": requestId } });
    } catch (e) {
      return errorResponse(e, requestId);
    }
  };
}

/** The request body as JSON; a clear 400 when it is not. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

export function param(params: Params, name: string): string {
  const v = params[name];
  if (typeof v !== "string" || !v) throw new AppError("bad_request", `Missing path parameter ${name}.`);
  return v;
}
