// A JSON client for a running test server, authenticated with a bearer token (the owner's unless
// a call names another), and API tokens minted for a role.
import type { RunningServer } from "./server";

export type ApiInit = RequestInit & { token?: string };

export function bearerApi(server: () => RunningServer): (path: string, init?: ApiInit) => Promise<Response> {
  return (path, init = {}) => {
    const s = server();
    return fetch(`${s.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.token ?? s.token}`, "content-type": "application/json", ...(init.headers as Record<string, string>) },
    });
  };
}

/** A new API token with this role, minted with the client's default (owner) token. */
export async function roleToken(api: (path: string, init?: ApiInit) => Promise<Response>, role: string): Promise<string> {
  const r = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: role, role }) });
  return ((await r.json()) as { token: string }).token;
}
