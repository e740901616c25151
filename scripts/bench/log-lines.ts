// Realistic log lines for the ingest benchmarks: mostly 2xx, ~3 % 5xx of varied causes,
// several backends, timestamps spread over one hour, deterministic (seeded) so runs compare.
import type { ProxyKind } from "@/lib/ingest/types";

export let START = Date.UTC(2024, 2, 1, 10, 0, 0);
/** Moves the generated hour (e.g. to recent time, so queries hit the minute table). */
export function setStart(ms: number): void {
  START = ms;
}
export const HOUR = 3_600_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const BACKENDS = ["app", "api", "static", "search", "checkout", "media"];
const BACKEND_ADDRS = BACKENDS.map((_, i) => `10.0.1.${10 + i}:8080`);
const CLIENTS = Array.from({ length: 1000 }, (_, i) => `203.0.${(i >> 8) & 255}.${i & 255}`);
const PATHS = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `/api/v1/items/${i}?page=${i % 7}` : i % 3 === 1 ? `/static/app.${i}.js` : `/products/${i}/reviews`));
const METHODS = ["GET", "GET", "GET", "GET", "POST", "HEAD"];
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "curl/8.5.0",
  "Googlebot/2.1 (+http://www.google.com/bot.html)",
];

function clf(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function status(): number {
  const r = random();
  if (r < 0.9) return r < 0.85 ? 200 : 204;
  if (r < 0.94) return 304;
  if (r < 0.97) return 404;
  return pick([500, 502, 503, 503, 504]);
}

export interface Shape {
  kind: ProxyKind;
  label: string;
  format?: string;
  line: (time: number, status: number, backend: number) => string;
}

const VARNISH_FETCH_ERRORS = ["backend boot.app: fail errno 111 (Connection refused)", "first byte timeout", "HTC eof (-1)", "backend boot.app: unhealthy", "-"];
const HAPROXY_FAILS = ["sH--", "SC--", "SH--", "----", "sQ--", "PH--"];
const ENVOY_FLAGS = ["UF,URX", "UT", "UH", "UC", "-", "UO"];
const HOSTS = BACKENDS.map((b) => `${b}.shop.example`);
const CF_CACHE = ["hit", "hit", "hit", "miss", "expired", "dynamic", "revalidated"];
const CF_5XX = [[521, 0], [522, 0], [524, 0], [520, 0], [525, 0], [503, 503], [502, 502]] as const;
const CLOUDFRONT_DETAIL_5XX = ["OriginConnectError", "OriginCommError", "OriginDnsError", "OriginReadError", "Error"];
const FASTLY_503 = ["first byte timeout", "backend read error", "Connection refused", "No healthy backends", "Service Unavailable"];
const AKAMAI_ERRORS = ["ERR_CONNECT_FAIL|origin", "ERR_READ_TIMEOUT|origin", "ERR_DNS_FAIL|x", "ERR_FWD_SSL_HANDSHAKE|x"];

/** A realistic day's lines of each CDN, in the shape each delivers (golden lines: tests/unit/ingest/formats-cdn.test.ts). */
const CDN_SHAPES: Shape[] = [
  {
    kind: "cloudflare",
    label: "cloudflare (Logpush)",
    line: (t, s, b) => {
      const [status, origin] = s >= 500 ? pick(CF_5XX) : [s, 200];
      return JSON.stringify({
        ClientIP: pick(CLIENTS), ClientRequestHost: HOSTS[b], ClientRequestMethod: pick(METHODS), ClientRequestURI: pick(PATHS),
        ClientRequestProtocol: "HTTP/2", EdgeStartTimestamp: t * 1e6, EdgeResponseStatus: status, OriginResponseStatus: origin,
        CacheCacheStatus: pick(CF_CACHE), EdgeResponseBytes: 4096 + b, EdgeTimeToFirstByteMs: Math.floor(random() * 300), OriginIP: BACKEND_ADDRS[b].slice(0, -5),
        RayID: "3a6050bcbe121a87",
      });
    },
  },
  {
    kind: "cloudfront",
    label: "cloudfront (standard)",
    line: (t, s, b) => {
      const iso = new Date(t).toISOString();
      const result = s >= 500 ? "Error" : pick(["Hit", "Hit", "Miss", "RefreshHit"]);
      const detail = s >= 500 ? pick(CLOUDFRONT_DETAIL_5XX) : result;
      return [iso.slice(0, 10), iso.slice(11, 19), "LAX1", 392 + b, pick(CLIENTS), pick(METHODS), "d111111abcdef8.cloudfront.net", pick(PATHS).split("?")[0],
        s, "-", pick(AGENTS).replaceAll(" ", "%20"), "-", "-", result, "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==", HOSTS[b], "https", 23,
        (random() * 0.3).toFixed(3), "-", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", result, "HTTP/2.0", "-", "-", 11040, (random() * 0.2).toFixed(3), detail,
        "text/html", 78, "-", "-"].join("\t");
    },
  },
  {
    kind: "fastly",
    label: "fastly (recommended JSON)",
    line: (t, s, b) =>
      JSON.stringify({
        time: t, client_ip: pick(CLIENTS), method: pick(METHODS), url: pick(PATHS), protocol: "HTTP/2", status: s,
        response: s === 503 ? pick(FASTLY_503) : s >= 500 ? "Internal Server Error" : "OK", state: pick(["HIT", "HIT", "MISS", "PASS", "HIT-STALE"]),
        backend: `F_${BACKENDS[b]}`, bytes: 4096, elapsed_ms: Math.floor(random() * 300),
      }),
  },
  {
    kind: "akamai",
    label: "akamai (DataStream 2 JSON)",
    line: (t, s, b) =>
      JSON.stringify({
        version: 1, streamId: "12345", cp: "123456", reqId: "1239f220", reqTimeSec: String(Math.floor(t / 1000)), bytes: "4995", cliIP: pick(CLIENTS),
        statusCode: String(s), proto: "HTTPS", reqHost: HOSTS[b], reqMethod: pick(METHODS), reqPath: pick(PATHS).split("?")[0], turnAroundTimeMSec: String(Math.floor(random() * 300)),
        cacheStatus: random() < 0.7 ? "1" : "0", ...(s >= 500 && random() < 0.8 ? { errorCode: pick(AKAMAI_ERRORS) } : {}),
      }),
  },
  {
    kind: "bunny",
    label: "bunny (access log)",
    line: (t, s, b) => `${pick(["HIT", "HIT", "MISS"])}|${s}|${t}|${4096 + b}|390|${pick(CLIENTS)}|-|https://${HOSTS[b]}${pick(PATHS)}|WA|${pick(AGENTS)}|322b688bd63fb63f2babe9de30a5d262|DE`,
  },
];

export const SHAPES: Shape[] = [
  {
    kind: "varnish",
    label: "varnish (-b, FetchError)",
    format: '%h %l %u %t "%r" %s %b %D %{Varnish:handling}x %{Varnish:side}x "%{VSL:FetchError}x" %{VSL:BackendOpen[2]}x "%{User-agent}i"',
    line: (t, s, b) =>
      `${pick(CLIENTS)} - - [${clf(t)}] "${pick(METHODS)} http://shop.example.com${pick(PATHS)} HTTP/1.1" ${s} ${s >= 500 ? 0 : 5120 + b} ${1200 + Math.floor(random() * 90000)} ${pick(["hit", "miss", "pass"])} b "${s >= 500 ? pick(VARNISH_FETCH_ERRORS) : "-"}" boot.${BACKENDS[b]} "${pick(AGENTS)}"`,
  },
  {
    kind: "nginx",
    label: "nginx (combined)",
    line: (t, s) => `${pick(CLIENTS)} - - [${clf(t)}] "${pick(METHODS)} ${pick(PATHS)} HTTP/1.1" ${s} ${s === 204 ? 0 : 4096} "https://shop.example.com/" "${pick(AGENTS)}"`,
  },
  {
    kind: "nginx",
    label: "nginx (upstream vars)",
    format: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time" $upstream_cache_status',
    line: (t, s, b) => {
      const fail = s >= 500 ? pick(["timeout", "refused", "origin"]) : "";
      const ct = fail === "refused" ? "-" : "0.001";
      const ht = fail === "timeout" || fail === "refused" ? "-" : (random() * 0.3).toFixed(3);
      const us = fail === "origin" ? String(s) : fail === "timeout" ? "504" : fail === "refused" ? "502" : String(s);
      return `${pick(CLIENTS)} - - [${clf(t)}] "${pick(METHODS)} ${pick(PATHS)} HTTP/1.1" ${s} 4096 "-" "${pick(AGENTS)}" rt=0.${pad(Math.floor(random() * 999), 3)} ua="${BACKEND_ADDRS[b]}" us="${us}" uct="${ct}" uht="${ht}" urt="${ht === "-" ? "60.001" : ht}" ${pick(["HIT", "MISS", "-"])}`;
    },
  },
  {
    kind: "haproxy",
    label: "haproxy (httplog + syslog)",
    line: (t, s, b) => {
      const d = new Date(t);
      const term = s >= 500 ? pick(HAPROXY_FAILS) : "----";
      const server = term === "SC--" && random() < 0.5 ? "<NOSRV>" : `srv${b}`;
      return `Mar  1 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} lb1 haproxy[14389]: ${pick(CLIENTS)}:${40000 + b} [${clf(t).slice(0, 20)}.${pad(d.getUTCMilliseconds(), 3)}] https-in~ ${BACKENDS[b]}/${server} 10/0/${term === "SC--" ? -1 : 1}/${Math.floor(random() * 300)}/${Math.floor(random() * 400)} ${s} ${2750 + b} - - ${term} 120/110/3/1/0 0/0 "${pick(METHODS)} ${pick(PATHS)} HTTP/1.1"`;
    },
  },
  {
    kind: "envoy",
    label: "envoy (default)",
    line: (t, s, b) =>
      `[${new Date(t).toISOString()}] "${pick(METHODS)} ${pick(PATHS)} HTTP/1.1" ${s} ${s >= 500 ? pick(ENVOY_FLAGS) : "-"} 0 ${1024 + b} ${Math.floor(random() * 500)} ${s >= 500 && random() < 0.5 ? "-" : Math.floor(random() * 400)} "${pick(CLIENTS)}" "${pick(AGENTS)}" "b7e0c7a2-5d0c-4a43-9b6a-${pad(b, 12)}" "shop.example.com" "${BACKEND_ADDRS[b]}"`,
  },
  {
    kind: "json",
    label: "json (default mapping)",
    line: (t, s, b) =>
      JSON.stringify({ time: new Date(t).toISOString(), status: s, method: pick(METHODS), path: pick(PATHS), backend: BACKENDS[b], duration_ms: Math.floor(random() * 500), bytes: 2048, client: pick(CLIENTS) }),
  },
  ...CDN_SHAPES,
];

/**
 * Lines as ingestion sees them: cut out of one decoded chunk of a file. (Freshly concatenated
 * strings are ropes that V8 must flatten on first read, which would bill the parser for it.)
 */
export function generate(shape: Shape, count: number): string[] {
  const lines: string[] = [];
  const chunkSize = 10_000;
  for (let first = 0; first < count; first += chunkSize) {
    const chunk: string[] = [];
    for (let i = first; i < Math.min(count, first + chunkSize); i++) {
      chunk.push(shape.line(START + Math.floor((i * HOUR) / count), status(), Math.floor(random() * BACKENDS.length)));
    }
    lines.push(...chunk.join("\n").split("\n"));
  }
  return lines;
}

