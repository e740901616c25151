// Sign-in load for bench:abuse: legitimate users signing in over and over with the right password,
// each from an address of its own, optionally while attackers hammer one other account with wrong
// ones from many addresses. Addresses go in X-Forwarded-For; the server is started with
// TRUSTED_PROXIES=127.0.0.1/32 so that it believes them whether it reads the socket or the header.

export interface Account {
  email: string;
  password: string;
  /** The client address this caller signs in from. */
  ip: string;
}

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  /** Of the successful sign-ins only: a refused or cut-off attempt says nothing about them. */
  latenciesMs: number[];
}

interface Csrf {
  token: string;
  cookie: string;
}

async function csrf(baseUrl: string, ip: string): Promise<Csrf> {
  const r = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { token: csrfToken, cookie: (r.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ") };
}

/** One credentials POST; true when it set a session cookie. */
async function attempt(baseUrl: string, who: Account, c: Csrf, signal: AbortSignal): Promise<boolean> {
  const r = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    signal,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: c.cookie, "x-forwarded-for": who.ip },
    body: new URLSearchParams({ csrfToken: c.token, email: who.email, password: who.password, json: "true" }),
  });
  await r.arrayBuffer();
  return (r.headers.getSetCookie?.() ?? []).some((cookie) => cookie.includes("session-token"));
}

/** Runs every caller's loop of sign-ins until `ms` have passed. */
export async function runSignIns(baseUrl: string, callers: Account[], ms: number): Promise<LoadResult> {
  const deadline = Date.now() + ms;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ms + 5_000); // a request still hanging then is cut
  const result: LoadResult = { ok: 0, failed: 0, seconds: 0, latenciesMs: [] };
  const started = performance.now();
  await Promise.all(
    callers.map(async (who) => {
      const c = await csrf(baseUrl, who.ip);
      while (Date.now() < deadline && !stop.signal.aborted) {
        const t0 = performance.now();
        const ok = await attempt(baseUrl, who, c, stop.signal).catch(() => false);
        if (ok) {
          result.ok++;
          result.latenciesMs.push(performance.now() - t0);
        } else result.failed++;
      }
    }),
  );
  clearTimeout(timer);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
