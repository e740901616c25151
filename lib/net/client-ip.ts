// The client's address, for sign-in limits. Only the TCP peer is a fact; every X-Forwarded-For
// entry left of it was written by someone, and a client can write any. Route handlers cannot see
// the socket, so `npm start` preloads scripts/peer-address.mjs, which appends the peer as the
// last entry (as a reverse proxy does). The chain is then read from the right: the peer is the
// client unless TRUSTED_PROXIES says it is a proxy, and so on leftwards.
import { cidrContains, parseIp } from "@/lib/ip/cidr";
import type { TrustedProxies } from "@/lib/config/env";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is 10.0.0.1; brackets and ports go. */
export function normalizeAddress(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return (mapped ? mapped[1]! : a).toLowerCase();
}

/** The X-Forwarded-For chain, oldest hop first; its last entry is the socket's peer. */
export function forwardedChain(h: HeaderBag): string[] {
  return (header(h, "x-forwarded-for") ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter(Boolean);
}

function isTrustedHop(address: string, trust: Extract<TrustedProxies, { kind: "cidrs" }>): boolean {
  const ip = parseIp(address);
  return ip !== null && trust.ranges.some((range) => cidrContains(range, ip));
}

/** Whether the socket's peer is a trusted proxy, whose X-Forwarded-Host/-Proto may be believed. */
export function peerIsTrustedProxy(h: HeaderBag, trust: TrustedProxies): boolean {
  const peer = forwardedChain(h).at(-1);
  if (!peer || trust.kind === "none") return false;
  return trust.kind === "hops" || isTrustedHop(peer, trust);
}

/**
 * The client's address: the rightmost entry of the chain that is not a trusted proxy (with a hop
 * count: the entry that many places left of the peer). When every hop is trusted, the leftmost.
 */
export function clientIpFromHeaders(h: HeaderBag, trust: TrustedProxies): string | null {
  const chain = forwardedChain(h);
  if (chain.length === 0) return null;
  if (trust.kind === "none") return chain.at(-1)!;
  if (trust.kind === "hops") return chain[Math.max(0, chain.length - 1 - trust.hops)]!;
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isTrustedHop(chain[i]!, trust)) return chain[i]!;
  }
  return chain[0]!;
}
