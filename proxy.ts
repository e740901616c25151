import { NextResponse, type NextRequest } from "next/server";
import { headersConfig } from "@/lib/config/env";
import { badPath } from "@/lib/http/clean-input";
import { NONCE_HEADER, STATIC_HEADERS, newNonce, pageHeaders } from "@/lib/security/headers";

// Hands the requested page's path to server components as a request header. Layouts cannot see
// the path, and the signed-in layout (app/(app)/layout.tsx) needs it to send a signed-out visitor to
// /signin?callbackUrl=<that page> rather than to the overview. Only a hint: /signin accepts nothing
// but a same-site path, so a forged header can do no harm.
export const PATH_HEADER = "x-ow-path";

const headersCfg = headersConfig();

// Also gives every page its security headers, with a Content-Security-Policy whose nonce is new
// for each response. Next reads the nonce from the *request's* policy header and stamps its own
// scripts with it; the root layout stamps its inline theme script from NONCE_HEADER. A forged
// inbound value of either header is overwritten here.
export function proxy(request: NextRequest) {
  const raw = rawPathname(request.url);
  const bad = badPath(raw);
  if (bad) return badPathResponse(raw, bad);
  // API paths come here only for the check above; next.config.ts gives them their headers.
  if (raw.startsWith("/api/")) return NextResponse.next();
  const nonce = newNonce();
  const security = pageHeaders(request.nextUrl.pathname, { nonce, ...headersCfg });
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", security["content-security-policy"]!);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  return response;
}

// The path as sent: nextUrl.pathname may already be normalised.
function rawPathname(url: string): string {
  const rest = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  return rest.split(/[?#]/, 1)[0];
}

// A path with broken percent-encoding or a NUL never names anything here; refusing it first keeps
// it away from Next's router (a 500 in production) and from queries. JSON for the API, text for pages.
function badPathResponse(path: string, message: string): Response {
  const headers = { ...STATIC_HEADERS };
  if (path.startsWith("/api/")) {
    return Response.json({ error: { code: "bad_request", message, fields: [{ path: "(path)", message }] } }, { status: 400, headers });
  }
  return new Response(`400 Bad Request: ${message}\n`, { status: 400, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
}

export const config = {
  // Pages only: not the API, Next's assets or files with an extension (next.config.ts gives those
  // their static headers). The API stays out also because a proxy makes Next buffer request bodies,
  // except API paths with a percent sign, for the encoding check above.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)", "/api/(.*%.*)"],
};
