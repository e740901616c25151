// Why a Varnish 5xx happened, from the backend transaction's FetchError record. The texts
// changed across versions: 4.x `no backend connection`, 6.0 `backend NAME: fail`,
// 6.1+ `backend NAME: fail errno 111 (Connection refused)`.

import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

/** `backend NAME: VERDICT` (6.x): what follows the name. */
function backendVerdict(text: string, verdictAt: number): CauseId | undefined {
  if (text.startsWith("unhealthy", verdictAt)) return "no_healthy_backend";
  if (text.startsWith("busy", verdictAt)) return "proxy_overload";
  if (text.startsWith("fail", verdictAt)) {
    // errno 110 is ETIMEDOUT on Linux (60 on the BSDs): the connect did not finish in time.
    const timedOut = text.includes("errno 110 ") || text.includes("errno 60 ") || text.includes("timed out");
    return timedOut ? "connect_timeout" : "connect_refused";
  }
  return undefined;
}

/**
 * Open-source Varnish up to 7.x opens plain TCP to its backends and resolves their names when the
 * VCL loads, so its FetchErrors name neither TLS nor DNS. Backend TLS (Varnish Enterprise, Varnish
 * Cache 9 `.ssl = 1`) and run-time resolution (vmod_dynamic, `.via`) put the library's words in
 * the text: OpenSSL's (`SSL`, `TLS`, `certificate verify failed`) and getaddrinfo's
 * (gai_strerror: `Name or service not known`, `Temporary failure in name resolution`, ...).
 * Checked before the `backend NAME: fail` rule, which would call both a refused connection.
 */
function tlsOrDnsFailure(text: string): CauseId | undefined {
  if (/\b(?:SSL|TLS)\b/.test(text) || text.includes("certificate verify failed") || text.includes("handshake")) return "tls_error";
  if (
    text.includes("getaddrinfo") || text.includes("Name or service not known") || text.includes("Temporary failure in name resolution") ||
    text.includes("No address associated with hostname") || text.includes("could not be resolved") || /\bDNS\b/.test(text)
  ) {
    return "dns_error";
  }
  return undefined;
}

export function causeFromFetchError(text: string): CauseId | undefined {
  const tlsOrDns = tlsOrDnsFailure(text);
  if (tlsOrDns !== undefined) return tlsOrDns;
  if (text.startsWith("backend write error") || text.startsWith("backend closed")) return "backend_reset";
  if (text.startsWith("backend ")) {
    const colon = text.indexOf(": ", 8);
    return colon > 8 ? backendVerdict(text, colon + 2) : undefined;
  }
  if (text.startsWith("no backend connection")) return "connect_refused"; // 4.x, lower case
  if (text.startsWith("No backend connection")) return "proxy_error"; // "(rollback?)"
  if (text === "No backend" || (text.startsWith("Director ") && text.includes("returned no backend"))) return "no_healthy_backend";
  if (text.startsWith("first byte timeout") || text === "timeout" || text.startsWith("Timed out reusing") || text.startsWith("between bytes timeout")) {
    return "backend_timeout";
  }
  if (text.startsWith("HTC ")) {
    if (text.startsWith("HTC eof") || text.startsWith("HTC close")) return "backend_reset";
    if (text.startsWith("HTC timeout") || text.startsWith("HTC idle")) return "backend_timeout";
    if (text.startsWith("HTC overflow") || text.startsWith("HTC junk")) return "bad_response";
    return undefined;
  }
  if (text.startsWith("Received junk") || text.startsWith("http format error") || text === "overflow") return "bad_response";
  if (text.startsWith("No thread available for bgfetch")) return "proxy_overload";
  if (text.startsWith("Could not get storage") || text.startsWith("out of workspace")) return "proxy_error";
  return undefined;
}

export function varnishCause(request: ParsedRequest): CauseId {
  const fetchError = request.evidence.varnishFetchError;
  if (fetchError !== undefined && fetchError !== "-" && fetchError !== "") return causeFromFetchError(fetchError) ?? "unknown";
  // A backend transaction that logged no FetchError received this status from the origin.
  if (fetchError !== undefined && request.evidence.varnishSide === "b") return "backend_error";
  return "unknown";
}
