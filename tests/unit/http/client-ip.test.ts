// The client's address from the X-Forwarded-For chain that scripts/peer-address.mjs ends with the
// socket's peer, and the same-site check for cookie-authenticated changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientIpFromHeaders, normalizeAddress, peerIsTrustedProxy } from "@/lib/net/client-ip";
import { crossSiteRefusal, isJsonContentType } from "@/lib/http/cross-site";
import { trustedProxiesConfig, type TrustedProxies } from "@/lib/config/env";

const xff = (v: string) => new Headers({ "x-forwarded-for": v });
const none: TrustedProxies = { kind: "none" };

test("without TRUSTED_PROXIES the socket's peer (the last hop) is the client, whatever the client wrote", () => {
  assert.equal(clientIpFromHeaders(xff("127.0.0.1"), none), "127.0.0.1");
  assert.equal(clientIpFromHeaders(xff("203.0.113.9, 198.51.100.7, 127.0.0.1"), none), "127.0.0.1");
  assert.equal(clientIpFromHeaders({ "x-forwarded-for": "1.2.3.4, ::ffff:10.1.2.3" }, none), "10.1.2.3");
  // X-Real-IP is just another header a client can send.
  assert.equal(clientIpFromHeaders(new Headers({ "x-real-ip": "1.2.3.4" }), none), null);
  assert.equal(clientIpFromHeaders(new Headers(), none), null);
});

test("a hop count skips that many proxies from the right; a short chain gives its first entry", () => {
  const one = trustedProxiesConfig({ TRUSTED_PROXIES: "1" });
  assert.equal(clientIpFromHeaders(xff("6.6.6.6, 203.0.113.5, 10.0.0.2"), one), "203.0.113.5");
  const two = trustedProxiesConfig({ TRUSTED_PROXIES: "2" });
  assert.equal(clientIpFromHeaders(xff("6.6.6.6, 203.0.113.5, 10.0.0.3, 10.0.0.2"), two), "203.0.113.5");
  assert.equal(clientIpFromHeaders(xff("10.0.0.2"), two), "10.0.0.2");
});

test("CIDR ranges: the rightmost entry outside them is the client; forged entries left of it do not matter", () => {
  const trust = trustedProxiesConfig({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" });
  assert.equal(clientIpFromHeaders(xff("6.6.6.6, 203.0.113.5, 10.0.0.7, 10.0.0.2"), trust), "203.0.113.5");
  assert.equal(clientIpFromHeaders(xff("10.9.9.9, 203.0.113.5, ::1"), trust), "203.0.113.5");
  // A peer outside the ranges is the client, even though it forwarded something.
  assert.equal(clientIpFromHeaders(xff("10.0.0.9, 198.51.100.1"), trust), "198.51.100.1");
  // All trusted (a request from the proxy itself): the leftmost.
  assert.equal(clientIpFromHeaders(xff("10.0.0.9, 10.0.0.2"), trust), "10.0.0.9");
  // Garbage a client put left of a real hop is not reached; garbage at the untrusted position is kept as is.
  assert.equal(clientIpFromHeaders(xff("not-an-ip, 203.0.113.5, 10.0.0.2"), trust), "203.0.113.5");
  assert.equal(peerIsTrustedProxy(xff("203.0.113.5, 10.0.0.2"), trust), true);
  assert.equal(peerIsTrustedProxy(xff("10.0.0.2, 203.0.113.5"), trust), false);
  assert.equal(peerIsTrustedProxy(xff("10.0.0.2"), none), false);
});

test("addresses are normalised: IPv4-mapped IPv6, brackets and ports, case", () => {
  assert.equal(normalizeAddress(" ::FFFF:192.0.2.1 "), "192.0.2.1");
  assert.equal(normalizeAddress("[2001:DB8::1]:443"), "2001:db8::1");
  assert.equal(normalizeAddress("192.0.2.1:8080"), "192.0.2.1");
});

const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers({ host: "watch.local:3000", "x-forwarded-for": "127.0.0.1", ...headers }) });
const cfg = { trust: none };

test("cookie-authenticated changes: same origin and JSON pass; other origins, no origin and simple bodies are refused", () => {
  const json = { "content-type": "application/json", "content-length": "2" };
  assert.equal(crossSiteRefusal(req("GET", { origin: "http://evil.example" }), cfg), null);
  assert.equal(crossSiteRefusal(req("POST", { origin: "http://watch.local:3000", ...json }), cfg), null);
  assert.equal(crossSiteRefusal(req("DELETE", { origin: "http://watch.local:3000" }), cfg), null);
  assert.equal(crossSiteRefusal(req("POST", { "sec-fetch-site": "same-origin", ...json }), cfg), null);
  assert.match(crossSiteRefusal(req("POST", { origin: "http://evil.example", ...json }), cfg) ?? "", /not from http:\/\/evil\.example/);
  assert.match(crossSiteRefusal(req("POST", { origin: "null", ...json }), cfg) ?? "", /own pages/);
  assert.match(crossSiteRefusal(req("POST", { "sec-fetch-site": "cross-site", ...json }), cfg) ?? "", /names no Origin/);
  assert.match(crossSiteRefusal(req("PATCH", json), cfg) ?? "", /names no Origin/);
  assert.match(crossSiteRefusal(req("POST", { origin: "http://watch.local:3000", "content-type": "text/plain", "content-length": "5" }), cfg) ?? "", /as JSON.*not text\/plain/);
  assert.match(crossSiteRefusal(req("POST", { origin: "http://watch.local:3000", "content-length": "5" }), cfg) ?? "", /as JSON/);
  assert.equal(isJsonContentType("application/merge-patch+json; charset=utf-8"), true);
  assert.equal(isJsonContentType("text/json"), false);
});

test("NEXTAUTH_URL's origin counts as our own; X-Forwarded-Host only from a trusted proxy", () => {
  const behind = { "x-forwarded-for": "203.0.113.5, 10.0.0.2", "x-forwarded-host": "watch.example.com", "content-type": "application/json" };
  const origin = { origin: "https://watch.example.com" };
  assert.equal(crossSiteRefusal(req("POST", { ...origin, "content-type": "application/json" }), { publicUrl: "https://watch.example.com/", trust: none }), null);
  assert.notEqual(crossSiteRefusal(req("POST", { ...behind, ...origin }), cfg), null);
  assert.equal(crossSiteRefusal(req("POST", { ...behind, ...origin }), { trust: trustedProxiesConfig({ TRUSTED_PROXIES: "10.0.0.0/8" }) }), null);
});
