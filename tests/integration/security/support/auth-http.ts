// Talking to next-auth like a browser, from a chosen loopback address: the per-address sign-in
// limit keys on the socket's peer, so each test speaks from its own 127.0.0.x (Linux routes the
// whole 127/8 to the loopback interface; the server listens on 127.0.0.1).
import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request over a socket bound to `from`. */
export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? "GET", headers: init.headers, localAddress: init.from },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

const cookiesOf = (r: RawResponse) => ([] as string[]).concat(r.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!);

/** next-auth's CSRF token and the cookie it is bound to (one pair serves many attempts). */
export async function csrfPair(baseUrl: string): Promise<{ csrfToken: string; jar: string }> {
  const r = await send(`${baseUrl}/api/auth/csrf`);
  return { csrfToken: (JSON.parse(r.body) as { csrfToken: string }).csrfToken, jar: cookiesOf(r).join("; ") };
}

export type Outcome = "signed-in" | "wrong" | "limited" | `other: ${string}`;

/** One password sign-in through next-auth's credentials callback, and how it ended. */
export async function attemptSignIn(
  baseUrl: string,
  csrf: { csrfToken: string; jar: string },
  email: string,
  password: string,
  opts: { from?: string; forwardedFor?: string } = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", cookie: csrf.jar };
  if (opts.forwardedFor) headers["x-forwarded-for"] = opts.forwardedFor;
  const r = await send(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true" }).toString(),
    from: opts.from,
  });
  if (cookiesOf(r).some((c) => c.includes("session-token="))) return "signed-in";
  let error = "";
  try {
    error = new URL((JSON.parse(r.body) as { url: string }).url).searchParams.get("error") ?? "";
  } catch {
    error = `${r.status} ${r.body.slice(0, 200)}`;
  }
  if (error === "Wrong email or password.") return "wrong";
  if (error.startsWith("Too many failed sign-ins")) return "limited";
  return `other: ${error}`;
}

export const count = (outcomes: Outcome[], which: Outcome) => outcomes.filter((o) => o === which).length;
