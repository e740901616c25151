// What the Sources pages say about each proxy kind: a label, a one-line hint, the format the
// README recommends (the one that carries failure evidence) and where that proxy's log usually
// lives. Plain data, safe on the server and in the browser. tests/unit/sources keeps the formats
// compiling and in step with the README's "Sending proxy logs" table.
import { PROXY_KINDS, type ProxyKind } from "@/lib/ingest/types";

export interface KindGuide {
  label: string;
  /** For tables. */
  short: string;
  /** One line under the kind select. */
  hint: string;
  /** The format to suggest: the README's evidence-carrying one. */
  recommended: string;
  /** What an empty format means, and whether that is enough. */
  emptyMeans: string;
  /** The proxy's default already carries the evidence: an empty format is as good as the suggestion. */
  defaultIsEnough?: boolean;
  /** Files the shipping examples read. */
  logPaths: string[];
  /** A step on the proxy's side that the examples depend on, if any. */
  proxyNote?: string;
}

export const KIND_GUIDES: Record<ProxyKind, KindGuide> = {
  varnish: {
    label: "Varnish (varnishncsa)",
    short: "Varnish",
    hint: "varnishncsa lines. Run it with -b -c so backend fetches, and why they failed, are logged too.",
    recommended: '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %D %{Varnish:side}x %{Varnish:handling}x %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"',
    emptyMeans: "Empty means varnishncsa's default, which carries no failure evidence: every 5xx would count as unknown.",
    logPaths: ["/var/log/varnish/varnishncsa.log"],
    proxyNote: "-b -c logs backend fetches as well as client requests (that is where the failure reason is); -a -w appends to the file shipped below.",
  },
  nginx: {
    label: "nginx",
    short: "nginx",
    hint: "An nginx access log (log_format). Send its error log to the same source as well.",
    recommended:
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
      "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time",
    emptyMeans: "Empty means nginx's combined format, which carries no upstream evidence: every 5xx would count as unknown.",
    logPaths: ["/var/log/nginx/access.log", "/var/log/nginx/error.log"],
    proxyNote: "Ship the error log with the access log: it tells nginx's own errors from the origin's.",
  },
  haproxy: {
    label: "HAProxy",
    short: "HAProxy",
    hint: "HAProxy option httplog lines, with or without a syslog prefix.",
    recommended: "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r",
    emptyMeans: "Empty means option httplog, which already carries the termination state and timers: usually all you need.",
    defaultIsEnough: true,
    logPaths: ["/var/log/haproxy.log"],
  },
  envoy: {
    label: "Envoy",
    short: "Envoy",
    hint: "An Envoy access log: the default text format, your own, or JSON.",
    recommended:
      '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% ' +
      '%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" ' +
      '"%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %RESPONSE_CODE_DETAILS%',
    emptyMeans: "Empty means Envoy's default, which has %RESPONSE_FLAGS%; adding %RESPONSE_CODE_DETAILS% tells more causes apart.",
    logPaths: ["/var/log/envoy/access.log"],
  },
  json: {
    label: "JSON lines",
    short: "JSON",
    hint: "One JSON object per line; the format maps its fields to ours.",
    recommended: '{"time": "ts", "status": "status", "backend": "upstream"}',
    emptyMeans: "Empty means the usual field names (time, status, method, path, upstream, …) are tried in turn.",
    logPaths: ["/var/log/app/access.log"],
  },
  // CDNs: the preset reads what the CDN delivers, so an empty format is the recommendation.
  cloudflare: {
    label: "Cloudflare (Logpush http_requests)",
    short: "Cloudflare",
    hint: "Logpush NDJSON records, pushed straight here (HTTP destination) or shipped from storage.",
    recommended: "",
    emptyMeans: "Empty means the Logpush preset (EdgeResponseStatus, OriginResponseStatus, CacheCacheStatus, …); a JSON mapping here renames single fields.",
    defaultIsEnough: true,
    logPaths: ["/var/log/cloudflare/http_requests.log"],
  },
  cloudfront: {
    label: "Amazon CloudFront",
    short: "CloudFront",
    hint: "Standard logs (W3C, with their #Fields header) or real-time log records (tab-separated).",
    recommended: "",
    emptyMeans: "Empty means the standard logs' fields; for real-time logs, list your fields in their order (a #Fields line in the stream wins).",
    defaultIsEnough: true,
    logPaths: ["/var/log/cloudfront/access.log"],
  },
  fastly: {
    label: "Fastly (real-time log streaming)",
    short: "Fastly",
    hint: "An HTTPS logging endpoint sending the JSON log format shown under “Add a CDN”.",
    recommended: "",
    emptyMeans: "Empty means the recommended Fastly JSON format (state, backend, status, response text).",
    defaultIsEnough: true,
    logPaths: ["/var/log/fastly/access.log"],
  },
  akamai: {
    label: "Akamai (DataStream 2, JSON)",
    short: "Akamai",
    hint: "DataStream 2 JSON records; include the Error code and Cache status fields.",
    recommended: "",
    emptyMeans: "Empty means the DataStream 2 JSON keys (reqTimeSec, statusCode, errorCode, cacheStatus, …).",
    defaultIsEnough: true,
    logPaths: ["/var/log/akamai/datastream.log"],
  },
  bunny: {
    label: "bunny.net CDN",
    short: "Bunny",
    hint: "bunny.net's pipe-separated access log (and Origin Errors records, read as notices).",
    recommended: "",
    emptyMeans: "bunny.net logs have one fixed layout: leave the format empty.",
    defaultIsEnough: true,
    logPaths: ["/var/log/bunny/access.log"],
  },
};

export const KIND_OPTIONS = PROXY_KINDS.map((kind) => ({ value: kind, label: KIND_GUIDES[kind].label }));
