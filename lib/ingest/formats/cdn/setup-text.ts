// What users paste on the CDN's side, as plain data with no parser code behind it, so the
// onboarding steps in the browser can show it (components/sources/cdn-steps.ts).

/** Cloudflare: the http_requests fields the preset reads; a Logpush job should select at least these. */
export const CLOUDFLARE_FIELDS = [
  "EdgeStartTimestamp", "EdgeResponseStatus", "OriginResponseStatus", "CacheCacheStatus", "ClientRequestHost",
  "ClientRequestMethod", "ClientRequestURI", "ClientRequestProtocol", "ClientIP", "EdgeResponseBytes",
  "EdgeTimeToFirstByteMs", "OriginIP", "OriginResponseDurationMs", "OriginTCPHandshakeDurationMs", "OriginResponseHeaderReceiveDurationMs",
] as const;

/** Fastly: the log format to paste into the endpoint's "Log format" box (placement: format version 2). */
export const FASTLY_LOG_FORMAT = [
  `{"time":%{time.start.msec}V,`,
  `"client_ip":"%{req.http.Fastly-Client-IP}V",`,
  `"method":"%{json.escape(req.method)}V",`,
  `"url":"%{json.escape(req.url)}V",`,
  `"protocol":"%{json.escape(req.proto)}V",`,
  `"status":%{resp.status}V,`,
  `"response":"%{json.escape(resp.response)}V",`,
  `"state":"%{json.escape(fastly_info.state)}V",`,
  `"backend":"%{req.backend}V",`,
  `"bytes":%{resp.body_bytes_written}V,`,
  `"elapsed_ms":%{time.elapsed.msec}V}`,
].join("");

/** Akamai DataStream 2: the data set fields the preset reads (JSON keys). */
export const AKAMAI_FIELDS = ["reqTimeSec", "statusCode", "errorCode", "cacheStatus", "reqHost", "reqMethod", "reqPath", "proto", "cliIP", "bytes", "turnAroundTimeMSec"] as const;
