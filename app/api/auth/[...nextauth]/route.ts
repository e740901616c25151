import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/next-auth";
import { AppError } from "@/lib/errors/app-error";
import { FORM_BODY_LIMIT, discardUnreadBody, readBodyBytes } from "@/lib/wire/body";
import { decodeUtf8Body } from "@/lib/http/clean-input";
import { errorResponse } from "@/lib/wire/error-response";

export const dynamic = "force-dynamic";

// next-auth reads a POST body whole (req.text() / req.json()), however large: an anonymous
// sign-in form of 200 MiB would fill the heap. The body is read here first, capped like every
// other, and next-auth gets a request with the buffered copy. A JSON body must be a JSON object:
// next-auth would call req.json() on anything labelled JSON and answer a bad one with a 500.
function assertJsonObject(bytes: Uint8Array): void {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8Body(bytes));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AppError("bad_request", "The request body must be a JSON object (or a form).");
  }
}

async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  let request = req;
  if (req.method === "POST") {
    try {
      const body = await readBodyBytes(req, { bytes: FORM_BODY_LIMIT });
      if (req.headers.get("content-type")?.includes("application/json")) assertJsonObject(body);
      request = new NextRequest(req.url, { method: req.method, headers: req.headers, body });
    } catch (e) {
      discardUnreadBody(req);
      return errorResponse(e, randomUUID());
    }
  }
  return NextAuth(getAuthOptions())(request, ctx);
}

export { handler as GET, handler as POST };
