// Shared vocabulary of log ingestion: what a parsed access-log line looks like, which proxy
// produced it, and the canonical cause ids (DOMAIN.md) every 5xx is attributed to.

export const PROXY_KINDS = ["varnish", "nginx", "haproxy", "envoy", "json", "cloudflare", "cloudfront", "fastly", "akamai", "bunny"] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

/** CDN kinds: a preset format (lib/ingest/formats/cdn/) and the CDN's own failure vocabulary. */
export const CDN_KINDS = ["cloudflare", "cloudfront", "fastly", "akamai", "bunny"] as const satisfies readonly ProxyKind[];
export type CdnKind = (typeof CDN_KINDS)[number];

export function isCdnKind(kind: string): kind is CdnKind {
  return (CDN_KINDS as readonly string[]).includes(kind);
}

/** The canonical 5xx causes, in the order DOMAIN.md lists them. Used everywhere: API, DB, UI. */
export const CAUSE_IDS = [
  "backend_timeout",
  "connect_timeout",
  "connect_refused",
  "no_healthy_backend",
  "backend_reset",
  "bad_response",
  "proxy_overload",
  "proxy_error",
  "backend_error",
  "dns_error",
  "tls_error",
  "unknown",
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

export function isCauseId(value: unknown): value is CauseId {
  return typeof value === "string" && (CAUSE_IDS as readonly string[]).includes(value);
}

/** Varnish's request handling vocabulary; nginx $upstream_cache_status is mapped onto it. */
export const CACHE_HANDLINGS = ["hit", "miss", "pass", "pipe", "synth", "hitmiss", "hitpass"] as const;
export type CacheHandling = (typeof CACHE_HANDLINGS)[number];

/** HAProxy timers as logged, in ms; -1 means the phase was never reached (that is evidence too). */
export interface HaproxyTimers {
  TR?: number;
  Tw?: number;
  Tc?: number;
  Tr?: number;
  Ta?: number;
  Tt?: number;
}

/**
 * Proxy-specific failure evidence found on an access-log line. Every string field is the raw
 * token as logged (so `"-"` means "logged, but empty") and is undefined when the format does not
 * log it at all: the difference matters when deciding between a cause and "unknown".
 */
export interface RequestEvidence {
  /** varnishncsa `%{VSL:FetchError}x`: the first FetchError record of the backend transaction. */
  varnishFetchError?: string;
  /** varnishncsa `%{Varnish:side}x`: "c" (client) or "b" (backend transaction, `-b`). */
  varnishSide?: string;
  /** HAProxy `%tsc` / `%ts`: termination state, 2 or 4 chars (e.g. "sH--", "----"). */
  haproxyTermination?: string;
  /** HAProxy `%s`: server name, `<NOSRV>` when none was chosen. */
  haproxyServer?: string;
  haproxyTimers?: HaproxyTimers;
  /**
   * HAProxy (2.5+) `%[bc_err_str]` / `%[ssl_bc_err_str]`: why the connection to the server failed,
   * in HAProxy's words (`SSL handshake failure`, `Timeout during SSL handshake`, ...).
   */
  haproxyConnError?: string;
  /** HAProxy `%[ssl_bc_err]`: the OpenSSL error of the server-side handshake, `0` when none. */
  haproxySslError?: string;
  /** Envoy `%RESPONSE_FLAGS%`, e.g. "UF,URX" or "-". */
  envoyFlags?: string;
  /** Envoy `%RESPONSE_CODE_DETAILS%`, e.g. "via_upstream". */
  envoyDetails?: string;
  /** Envoy `%UPSTREAM_TRANSPORT_FAILURE_REASON%`. */
  envoyTransportFailure?: string;
  /** nginx `$upstream_status` raw, with `, ` between servers tried and ` : ` across redirects. */
  nginxUpstreamStatus?: string;
  /** The same, parsed and flattened in attempt order; null for a `-` attempt. */
  nginxUpstreamStatuses?: readonly (number | null)[];
  /** nginx `$upstream_addr` raw (multi-valued like the status). */
  nginxUpstreamAddr?: string;
  /** nginx `$upstream_connect_time` raw; a `-` last attempt means it never connected. */
  nginxUpstreamConnectTime?: string;
  /** nginx `$upstream_header_time` raw; a number on the last attempt means the origin answered. */
  nginxUpstreamHeaderTime?: string;
  /** A cause computed upstream of us (JSON lines mapping `cause`), used when it is canonical. */
  cause?: string;
  /**
   * A CDN's own word for what went wrong with the origin, as logged: CloudFront
   * `x-edge-detailed-result-type`, Akamai `errorCode`, Fastly `resp.response`, Bunny `ErrorCode`.
   */
  cdnError?: string;
  /** The origin's own status as the CDN logged it (Cloudflare `OriginResponseStatus`); 0 = none. */
  originStatus?: number;
}

export interface ParsedRequest {
  /** Epoch ms, UTC. */
  time: number;
  /** Zone offset the line logged its time with, minutes east of UTC; undefined when it had none. */
  utcOffsetMin?: number;
  method?: string;
  /** The request target as logged (path and query). */
  path?: string;
  protocol?: string;
  status: number;
  /** Response bytes sent to the client. */
  bytes?: number;
  client?: string;
  totalMs?: number;
  upstreamConnectMs?: number;
  upstreamHeaderMs?: number;
  upstreamResponseMs?: number;
  firstByteMs?: number;
  /** Backend name where the proxy logs one, else the upstream address. */
  backend?: string;
  /** True when `backend` is only the upstream address (no name logged): a source's default backend wins. */
  backendIsAddress?: boolean;
  /** Address of the (last) upstream tried. */
  upstreamAddr?: string;
  handling?: CacheHandling;
  evidence: RequestEvidence;
}

/** One nginx error-log line: the "why" behind an access-log 5xx. */
export interface NginxErrorEvidence {
  /** Epoch ms of the local wall-clock time read as UTC: nginx error logs carry no zone. */
  time: number;
  level: string;
  pid?: number;
  connectionId?: number;
  /** Message without the `while ...` action and the `, client: ...` context. */
  message: string;
  action?: string;
  client?: string;
  server?: string;
  /** Request line, e.g. `GET /api HTTP/1.1`. */
  request?: string;
  /** Upstream as logged, e.g. `http://10.0.0.2:8080/api`. */
  upstream?: string;
  /** The upstream reduced to what `$upstream_addr` logs (`10.0.0.2:8080`, `unix:/run/x.sock`). */
  upstreamAddr?: string;
  host?: string;
  cause?: CauseId;
  /** The status the failed request was answered with, when the record says (bunny.net Origin Errors). */
  status?: number;
}

/** A server state a proxy announces in its own messages (HAProxy: `Server be/srv is DOWN, ...`). */
export type ServerState = "UP" | "DOWN" | "MAINT" | "DRAIN";

/** A message the proxy logs about itself rather than about a request (HAProxy server-state messages). */
export interface ProxyNotice {
  /** Epoch ms, when a syslog header carried a full timestamp; `log ... format raw` lines have none. */
  time?: number;
  /** The message as written, after any syslog header or `[LEVEL] (pid) :` prefix; at most NOTICE_MESSAGE_LIMIT chars. */
  message: string;
  /** The backend (HAProxy proxy section) the message is about. */
  backend?: string;
  /** The server the message is about. */
  server?: string;
  state?: ServerState;
}

export const NOTICE_MESSAGE_LIMIT = 500;

/**
 * Why a request line was understood but not counted:
 * - `backend-line-counts-it`: a varnishncsa `-b -c` client record of a request Varnish fetched
 *   (handling miss/pass): its backend record is the one counted;
 * - `handling-not-logged`: a client record of a `-b -c` format without `%{Varnish:handling}x`,
 *   where a cache hit cannot be told from a fetch: only backend records are counted.
 */
export type UncountedWhy = "backend-line-counts-it" | "handling-not-logged";

/**
 * What one line is. Every `ok: true` kind is "accepted" (understood); only `request` is counted
 * as a request.
 */
export type ParseOutcome =
  | { ok: true; kind: "request"; request: ParsedRequest }
  | { ok: true; kind: "uncounted"; request: ParsedRequest; why: UncountedWhy }
  | { ok: true; kind: "evidence"; evidence: NginxErrorEvidence }
  | { ok: true; kind: "notice"; notice: ProxyNotice }
  | { ok: false; reason: string };

export interface CompiledParser {
  readonly kind: ProxyKind;
  /** Keeps state between lines (CloudFront `#Fields:` headers): never shared between batches. */
  readonly stateful?: boolean;
  /** Never throws: malformed input yields `{ ok: false, reason }`. */
  parse(line: string): ParseOutcome;
}
