// Why an Akamai 5xx happened, from DataStream 2's `errorCode` (`ERR_CONNECT_FAIL|detail`).
// Codes: https://techdocs.akamai.com/datastream2/docs/data-set-parameters (Error code) and the
// edge error list https://techdocs.akamai.com/delivery-mgr-rules/reference/latest-simulate-error-code
import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

const CODES: Record<string, CauseId> = {
  ERR_CONNECT_FAIL: "connect_refused",
  ERR_CONNECT_TIMEOUT: "connect_timeout",
  ERR_READ_TIMEOUT: "backend_timeout",
  ERR_READ_ERROR: "backend_reset",
  ERR_WRITE_ERROR: "backend_reset",
  ERR_DNS_FAIL: "dns_error",
  ERR_DNS_TIMEOUT: "dns_error",
  ERR_DNS_IN_REGION: "dns_error",
  ERR_SUREROUTE_DNS_FAIL: "dns_error",
  ERR_FWD_SSL_HANDSHAKE: "tls_error",
  ERR_NO_GOOD_FWD_IP: "no_healthy_backend",
  ERR_ZERO_SIZE_OBJECT: "bad_response",
  ERR_ACCESS_DENIED: "proxy_error",
  ERR_REFERER_DENIED: "proxy_error",
  ERR_INVALID_URL: "proxy_error",
};

export function causeFromAkamaiError(errorCode: string): CauseId | undefined {
  const bar = errorCode.indexOf("|");
  const code = bar >= 0 ? errorCode.slice(0, bar) : errorCode;
  return Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}

export function akamaiCause(request: ParsedRequest): CauseId {
  const code = request.evidence.cdnError;
  if (code !== undefined && code !== "-") return causeFromAkamaiError(code) ?? "unknown";
  // DataStream omits empty fields: no error code on an answer fetched from the origin (cache
  // status 0) means the edge passed the origin's own 5xx on.
  return request.handling === "miss" ? "backend_error" : "unknown";
}
