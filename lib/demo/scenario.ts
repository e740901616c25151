// The demo day: which proxies and origins exist, and what happens to them. Everything is placed
// relative to the minute the demo is loaded, so the last 24 hours are filled and the incidents
// sit inside the overview's default 6-hour range. Addresses come from the documentation ranges
// (RFC 5737, RFC 2606): nothing here points at a real machine.
import type { ProxyKind } from "@/lib/ingest/types";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/rollups/levels";


export type DemoSourceKey = "varnish" | "nginx" | "haproxy" | "envoy";

export interface DemoSourceDef {
  key: DemoSourceKey;
  name: string;
  kind: ProxyKind;
  /** The proxy's own format string; null means the proxy's default. */
  format: string | null;
  defaultBackend: string | null;
}

// The formats a team that wants the "why" of a 5xx would configure (DOMAIN.md: the evidence fields).
const VARNISH_FORMAT =
  '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %D %{Varnish:side}x %{Varnish:handling}x %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"';
const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";
const ENVOY_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% ' +
  '%DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" ' +
  '"%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %RESPONSE_CODE_DETAILS%';

export const DEMO_SOURCES: readonly DemoSourceDef[] = [
  // varnishncsa -b -c: hits come from client lines, which name no backend; the shop is this
  // cache's only origin, so it is the default backend.
  { key: "varnish", name: "demo-edge-varnish", kind: "varnish", format: VARNISH_FORMAT, defaultBackend: "shop" },
  { key: "nginx", name: "demo-edge-nginx", kind: "nginx", format: NGINX_FORMAT, defaultBackend: null },
  { key: "haproxy", name: "demo-search-haproxy", kind: "haproxy", format: null, defaultBackend: null },
  { key: "envoy", name: "demo-mesh-envoy", kind: "envoy", format: ENVOY_FORMAT, defaultBackend: null },
];

export interface DemoBackendDef {
  name: string;
  source: DemoSourceKey;
  /** host:port of the origin, as the proxy logs it. */
  address: string;
  host: string;
  tags: string[];
  timeouts: { connectMs: number; firstByteMs: number; betweenBytesMs: number };
  /** Requests per minute at the daily peak. */
  peakRpm: number;
  /** The origin's usual time to first byte. */
  medianMs: number;
  sigma: number;
  bytesMedian: number;
  /** The origin's own 5xx (backend_error) per request, as background noise. */
  errorRate: number;
  /** Share of requests the cache answers itself (Varnish only). */
  hitRatio?: number;
  probePath: string;
  paths: readonly string[];
  /** Statuses of the requests that did not fail, by weight. */
  statuses: readonly (readonly [number, number])[];
}

export const DEMO_BACKENDS: readonly DemoBackendDef[] = [
  {
    name: "shop", source: "varnish", address: "192.0.2.10:8080", host: "shop.example.com", tags: ["php-fpm", "demo"],
    timeouts: { connectMs: 3_500, firstByteMs: 15_000, betweenBytesMs: 60_000 },
    peakRpm: 950, medianMs: 140, sigma: 0.55, bytesMedian: 42_000, errorRate: 0.0004, hitRatio: 0.9, probePath: "/healthz",
    paths: ["/", "/category/boots", "/category/jackets", "/product/trail-runner-2", "/product/rain-shell", "/search?q=socks", "/cart"],
    statuses: [[200, 95], [304, 2], [301, 1], [404, 2]],
  },
  {
    name: "media", source: "nginx", address: "192.0.2.11:80", host: "media.example.com", tags: ["static", "demo"],
    timeouts: { connectMs: 5_000, firstByteMs: 60_000, betweenBytesMs: 60_000 },
    peakRpm: 1_300, medianMs: 7, sigma: 0.6, bytesMedian: 95_000, errorRate: 0.0001, probePath: "/ping",
    paths: ["/img/p/2231-800.webp", "/img/p/1187-400.webp", "/css/app.4f1c.css", "/js/app.91ab.js", "/fonts/inter.woff2"],
    statuses: [[200, 84], [304, 10], [206, 3], [404, 3]],
  },
  {
    name: "api", source: "nginx", address: "192.0.2.20:8080", host: "api.example.com", tags: ["node", "demo"],
    timeouts: { connectMs: 5_000, firstByteMs: 30_000, betweenBytesMs: 30_000 },
    peakRpm: 480, medianMs: 85, sigma: 0.5, bytesMedian: 2_400, errorRate: 0.0005, probePath: "/health",
    paths: ["/v1/orders?page=1", "/v1/orders/84412", "/v1/cart", "/v1/prices?sku=TR2-42", "/v1/stock?sku=RS-M"],
    statuses: [[200, 93], [201, 3], [204, 1], [400, 1.5], [401, 1], [404, 0.5]],
  },
  {
    name: "search", source: "haproxy", address: "192.0.2.30:9200", host: "search.example.com", tags: ["elasticsearch", "demo"],
    timeouts: { connectMs: 5_000, firstByteMs: 10_000, betweenBytesMs: 10_000 },
    peakRpm: 210, medianMs: 32, sigma: 0.45, bytesMedian: 6_500, errorRate: 0.0002, probePath: "/_cluster/health",
    paths: ["/products/_search?q=boots", "/products/_search?q=rain+jacket", "/products/_search?q=socks", "/suggest?q=tra"],
    statuses: [[200, 97], [400, 2], [404, 1]],
  },
  {
    name: "accounts", source: "envoy", address: "192.0.2.40:8443", host: "accounts.example.com", tags: ["go", "demo"],
    timeouts: { connectMs: 1_000, firstByteMs: 15_000, betweenBytesMs: 15_000 },
    peakRpm: 130, medianMs: 21, sigma: 0.4, bytesMedian: 900, errorRate: 0.001, probePath: "/healthz",
    paths: ["/v2/session", "/v2/me", "/v2/login", "/v2/token/refresh"],
    statuses: [[200, 92], [204, 3], [401, 5]],
  },
];

export interface DemoEventDef {
  type: "deploy" | "purge" | "config" | "note";
  title: string;
  atMs: number;
  backend: string | null;
  source: DemoSourceKey | null;
}

/** What the day holds, in epoch ms; `endMs` is the start of the minute the demo was loaded in. */
export interface DemoTimeline {
  startMs: number;
  endMs: number;
  /** api: a release whose new query is slow; first-byte timeouts start 10 minutes later. */
  apiDeployMs: number;
  apiTimeoutsFromMs: number;
  apiRollbackMs: number;
  /** search: the origin process is down (OOM-killed): connections refused. */
  searchDownFromMs: number;
  searchDownToMs: number;
  /** shop: a full ban empties the cache; the misses pile onto the origin. */
  shopPurgeMs: number;
  events: DemoEventDef[];
}

export function demoTimeline(nowMs: number): DemoTimeline {
  const endMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const at = (minutesAgo: number) => endMs - minutesAgo * MINUTE_MS;
  const t: Omit<DemoTimeline, "events"> = {
    startMs: endMs - DAY_MS,
    endMs,
    apiDeployMs: at(310) + 17_000,
    apiTimeoutsFromMs: at(300),
    apiRollbackMs: at(273) + 41_000,
    searchDownFromMs: at(165) + 23_000,
    searchDownToMs: at(153) + 9_000,
    shopPurgeMs: at(58) + 5_000,
  };
  const events: DemoEventDef[] = [
    { type: "deploy", title: "Deploy accounts v5.2.0", atMs: at(9 * 60 + 12), backend: "accounts", source: "envoy" },
    { type: "config", title: "Raise HAProxy maxconn on search to 2000", atMs: at(7 * 60 + 40), backend: "search", source: "haproxy" },
    { type: "deploy", title: "Deploy api v2.15.0 (orders: new pricing query)", atMs: t.apiDeployMs, backend: "api", source: "nginx" },
    { type: "deploy", title: "Roll back api to v2.14.3", atMs: t.apiRollbackMs, backend: "api", source: "nginx" },
    { type: "note", title: "search: Elasticsearch restarted after the OOM kill", atMs: t.searchDownToMs + 40_000, backend: "search", source: null },
    { type: "purge", title: "Purge shop: ban req.url ~ / after the catalogue import", atMs: t.shopPurgeMs, backend: "shop", source: "varnish" },
  ];
  return { ...t, events };
}

/**
 * Share of the daily peak at a moment: quiet at night, busiest in the afternoon. The curve is
 * laid so the demo's last minute falls at 15:00 of its day whatever the clock says, so the
 * incidents always happen in busy hours, where they show.
 */
export function diurnal(t: DemoTimeline, ms: number): number {
  const hour = 15 + (ms - t.endMs) / HOUR_MS;
  return 0.22 + 0.78 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24));
}

/** 0..1: how far into the api incident a minute is (ramp 10 min, plateau, 3 min after the rollback). */
export function apiTimeoutIntensity(t: DemoTimeline, minuteMs: number): number {
  const rampEnd = t.apiTimeoutsFromMs + 10 * MINUTE_MS;
  const recovered = t.apiRollbackMs + 3 * MINUTE_MS;
  if (minuteMs < t.apiTimeoutsFromMs || minuteMs >= recovered) return 0;
  if (minuteMs < rampEnd) return 0.15 + (0.85 * (minuteMs - t.apiTimeoutsFromMs)) / (rampEnd - t.apiTimeoutsFromMs);
  if (minuteMs <= t.apiRollbackMs) return 1;
  return 1 - (minuteMs - t.apiRollbackMs) / (recovered - t.apiRollbackMs);
}

/** Whether the search origin refuses connections at a moment. */
export function searchDown(t: DemoTimeline, ms: number): boolean {
  return ms >= t.searchDownFromMs && ms < t.searchDownToMs;
}

// Minutes after the purge: share of requests Varnish sheds with "backend shop: busy" (max_connections
// reached) and share that waited for the swamped origin past first_byte_timeout.
const PURGE_BUSY = [0.03, 0.1, 0.16, 0.14, 0.09, 0.05, 0.03, 0.015, 0.006, 0.002];
const PURGE_TIMEOUTS = [0, 0.012, 0.03, 0.025, 0.012, 0.005, 0.002];

export interface ShopCacheState {
  hitRatio: number;
  busyShare: number;
  timeoutShare: number;
  /** How much slower the origin answers misses. */
  slowdown: number;
}

export function shopCacheState(t: DemoTimeline, base: number, minuteMs: number): ShopCacheState {
  const since = minuteMs + MINUTE_MS - t.shopPurgeMs;
  if (since <= 0) return { hitRatio: base, busyShare: 0, timeoutShare: 0, slowdown: 1 };
  const minute = Math.floor(since / MINUTE_MS);
  // The cache refills as pages are asked for again: the cold share halves about every 4 minutes.
  const cold = Math.exp(-since / (6 * MINUTE_MS));
  return {
    hitRatio: base * (1 - 0.88 * cold),
    busyShare: PURGE_BUSY[minute] ?? 0,
    timeoutShare: PURGE_TIMEOUTS[minute] ?? 0,
    slowdown: 1 + 14 * cold,
  };
}

export interface DemoIncident {
  backend: string;
  cause: "backend_timeout" | "connect_refused" | "proxy_overload";
  fromMs: number;
  toMs: number;
  summary: string;
}

/** The three stories the day tells, for whoever points a new user at them. */
export function demoIncidents(t: DemoTimeline): DemoIncident[] {
  return [
    {
      backend: "api", cause: "backend_timeout", fromMs: t.apiTimeoutsFromMs, toMs: t.apiRollbackMs + 3 * MINUTE_MS,
      summary: "First-byte timeouts 10 minutes after a deploy, latency climbing to the 30 s timeout; over once it was rolled back",
    },
    {
      backend: "search", cause: "connect_refused", fromMs: t.searchDownFromMs, toMs: t.searchDownToMs,
      summary: "The origin process died: connections refused, probes failing, the backend sick, then healthy again",
    },
    {
      backend: "shop", cause: "proxy_overload", fromMs: t.shopPurgeMs, toMs: t.shopPurgeMs + 10 * MINUTE_MS,
      summary: "A full purge left the cache cold: Varnish sheds the rush of misses (backend busy) and pages slow down",
    },
  ];
}
