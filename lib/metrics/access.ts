// Who may scrape /metrics: a request with an API token (any role; viewers read dashboards, and
// these are the same numbers), or one from an address in METRICS_ALLOW. A signed-in browser
// session is not enough: scrapers hold tokens, and the address list is for scrapers inside the
// network that cannot send one.
import { trustedProxiesConfig } from "@/lib/config/env";
import { can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { clientIpFromHeaders, normalizeAddress } from "@/lib/net/client-ip";
import { cidrContains, parseIp, type Cidr } from "@/lib/ip/cidr";

export type AllowList = readonly Cidr[];

/** Whether an address is in the list; IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) count as IPv4. */
export function addressAllowed(list: AllowList, address: string | null): boolean {
  const ip = address ? parseIp(normalizeAddress(address)) : null;
  return ip !== null && list.some((range) => cidrContains(range, ip));
}

/**
 * Throws 401/403 unless the request may read /metrics. `actor` is what route() resolved (a
 * bearer token, else the session).
 */
export function authorizeScrape(req: Request, actor: Actor | null, allow: AllowList): void {
  if (actor?.kind === "token") {
    if (!can(actor, "dashboard.read")) throw new AppError("forbidden", `This token's role (${actor.role}) cannot read metrics.`);
    return;
  }
  if (req.headers.get("authorization")?.toLowerCase().startsWith("bearer ")) {
    throw new AppError("unauthorized", "The API token is not valid (revoked, expired or mistyped).");
  }
  if (addressAllowed(allow, clientIpFromHeaders(req.headers, trustedProxiesConfig()))) return;
  if (actor) throw new AppError("forbidden", "Metrics are for scrapers: send an API token as `Authorization: Bearer <token>`.");
  throw new AppError("unauthorized", "Send an API token as `Authorization: Bearer <token>`, or scrape from an address in METRICS_ALLOW.");
}
