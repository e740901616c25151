// Why a Fastly 5xx happened, from the response text Fastly sets on the 503s it makes itself
// (obj.response, logged as resp.response). Texts and meanings:
// https://www.fastly.com/documentation/guides/vcl/errors/ and https://docs.fastly.com/en/guides/common-503-errors
// Fastly's own errors are always 503; any other 5xx was the origin's answer passed on.
import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

/** Exact texts first (case as Fastly writes them), then families by what they contain. */
const EXACT: Record<string, CauseId> = {
  "first byte timeout": "backend_timeout",
  "between bytes timeout": "backend_timeout",
  // Listed under timeout errors: a read that timed out or broke mid-way.
  "backend read error": "backend_timeout",
  "backend write error": "backend_reset",
  "Connection refused": "connect_refused",
  "Connection timed out": "connect_timeout",
  "No healthy backends": "no_healthy_backend",
  "No healthy IP available for the backend": "no_healthy_backend",
  "Backend is unhealthy": "no_healthy_backend",
  "Quorum weight not reached": "no_healthy_backend",
  "Maximum threads for service reached": "proxy_overload",
  "Backend.max_conn reached": "proxy_overload",
  "Illegal Vary header from backend": "bad_response",
  "Response object too large": "proxy_error",
};

export function causeFromFastlyResponse(text: string): CauseId | undefined {
  if (Object.hasOwn(EXACT, text)) return EXACT[text];
  if (text.startsWith("All backends failed or unhealthy")) return "no_healthy_backend";
  const lower = text.toLowerCase();
  if (lower.includes("certificate") || lower.includes("ssl") || lower.includes("tls") || lower.includes("handshake")) return "tls_error";
  if (lower.includes("dns") || lower.includes("lookup") || lower.includes("resolve")) return "dns_error";
  if (lower.includes("connection reset") || lower.includes("connection closed")) return "backend_reset";
  return undefined;
}

export function fastlyCause(request: ParsedRequest): CauseId {
  const text = request.evidence.cdnError;
  const known = text === undefined ? undefined : causeFromFastlyResponse(text);
  if (known !== undefined) return known;
  // Only 503s are Fastly's own; a 503 with a generic text may be either, so it stays unknown.
  return request.status !== 503 && text !== undefined ? "backend_error" : "unknown";
}
