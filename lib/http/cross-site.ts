// Cross-site request forgery: a session cookie rides along on requests that other sites' pages
// make (SameSite=Lax still allows top-level form posts, and text/plain or form bodies need no
// CORS preflight). So a cookie-authenticated request that changes something must come from the
// dashboard's own pages, and carry a JSON body when it carries one: a cross-site form cannot
// send application/json. Bearer-token calls carry no ambient credential and are not checked.
import type { TrustedProxies } from "@/lib/config/env";
import { peerIsTrustedProxy } from "@/lib/net/client-ip";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface SameSiteConfig {
  /** NEXTAUTH_URL: the dashboard's public address, when set. */
  publicUrl?: string;
  trust: TrustedProxies;
}

/** application/json or any application/…+json, parameters aside. */
export function isJsonContentType(value: string | null): boolean {
  const type = (value ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * Where the dashboard is served from, as host[:port]: NEXTAUTH_URL's, and the one this request
 * was addressed to (its Host, or X-Forwarded-Host when a trusted proxy sent it; Next fills that
 * header from Host when absent, so a client could set it: it counts only from a trusted peer).
 */
function ownHosts(h: Headers, cfg: SameSiteConfig): Set<string> {
  const hosts = new Set<string>();
  const pub = cfg.publicUrl ? hostOf(cfg.publicUrl) : null;
  if (pub) hosts.add(pub.toLowerCase());
  const forwarded = peerIsTrustedProxy(h, cfg.trust) ? h.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || h.get("host");
  if (host) hosts.add(host.toLowerCase());
  return hosts;
}

/**
 * Why a cookie-authenticated request must be refused, or null when it may pass. Browsers send
 * Origin on every POST/PUT/PATCH/DELETE; Sec-Fetch-Site stands in where an older one does not.
 * Neither: not a browser's own page, so no cookie-authenticated change.
 */
export function crossSiteRefusal(req: { method: string; headers: Headers }, cfg: SameSiteConfig): string | null {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return null;
  const h = req.headers;
  const origin = h.get("origin");
  const hint = "Scripts should send an API token (Authorization: Bearer) instead of a session cookie.";
  if (origin !== null) {
    const host = hostOf(origin);
    if (!host || !ownHosts(h, cfg).has(host.toLowerCase())) {
      return `Refused: a signed-in change must come from this dashboard's own pages, not from ${origin}. ${hint}`;
    }
  } else {
    const site = h.get("sec-fetch-site");
    if (site !== "same-origin" && site !== "none") {
      return `Refused: a signed-in change must come from this dashboard's own pages (the request names no Origin). ${hint}`;
    }
  }
  const type = h.get("content-type");
  const hasBody = Number(h.get("content-length") ?? "0") > 0 || h.has("transfer-encoding");
  if ((hasBody || type !== null) && !isJsonContentType(type)) {
    return `Refused: a signed-in change must send its body as JSON (Content-Type: application/json), not ${type ?? "without a type"}. ${hint}`;
  }
  return null;
}
