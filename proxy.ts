import { NextResponse, type NextRequest } from "next/server";

// Hands the requested page's path to server components as a request header. Layouts cannot see
// the path, and the signed-in layout (app/(app)/layout.tsx) needs it to send a signed-out visitor to
// /signin?callbackUrl=<that page> rather than to the overview. Only a hint: /signin accepts nothing
// but a same-site path, so a forged header can do no harm.
export const PATH_HEADER = "x-ow-path";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Next's assets or files with an extension.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
