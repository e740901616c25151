// bunny.net Origin Errors codes (https://docs.bunny.net/docs/cdn-origin-errors,
// https://docs.bunny.net/api-reference/origin-errors.md) in our causes. The access log itself
// carries no reason: its 5xx take the cause of the Origin Errors record joined to them
// (aggregate.ts), and stay `unknown` without one.
import { isCauseId, type CauseId, type NginxErrorEvidence, type ParsedRequest } from "@/lib/ingest/types";

const CODES: Record<string, CauseId> = {
  dns_lookup: "dns_error",
  http_timeout: "backend_timeout",
  network_socket_exception: "connect_refused",
  network_io_error: "backend_reset",
  http_request_failure: "backend_reset",
  http_request_exception: "bad_response",
  http_invalid_compression: "bad_response",
  http_invalid_range: "bad_response",
  http_loop_detected: "proxy_error",
};

export function causeFromBunnyError(code: string): CauseId | undefined {
  return Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}

/** The joined Origin Errors record names the cause; else a cause a format mapped, else unknown. */
export function bunnyCause(request: ParsedRequest, joined?: NginxErrorEvidence): CauseId {
  if (joined !== undefined && isCauseId(joined.cause)) return joined.cause;
  const code = request.evidence.cdnError;
  return code === undefined ? "unknown" : (causeFromBunnyError(code) ?? "unknown");
}
