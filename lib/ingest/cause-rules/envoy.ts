// Why an Envoy 5xx happened: response flags first (UF, UH, UT, ...), then the response code
// details, which say `via_upstream` when the origin's own answer was passed on.

import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

/** %RESPONSE_FLAGS_LONG% names of the flags we reason about. */
const LONG_FLAGS: Record<string, string> = {
  NoHealthyUpstream: "UH",
  UpstreamConnectionFailure: "UF",
  UpstreamRequestTimeout: "UT",
  UpstreamMaxStreamDurationReached: "UMSDR",
  UpstreamConnectionTermination: "UC",
  UpstreamRemoteReset: "UR",
  UpstreamProtocolError: "UPE",
  UpstreamOverflow: "UO",
  OverloadManagerTerminated: "OM",
  UpstreamRetryLimitExceeded: "URX",
  RateLimited: "RL",
};

function shortFlags(raw: string | undefined): string[] {
  if (raw === undefined || raw === "-" || raw === "") return [];
  return raw.split(",").map((flag) => {
    const trimmed = flag.trim();
    return Object.hasOwn(LONG_FLAGS, trimmed) ? LONG_FLAGS[trimmed] : trimmed;
  });
}

/** The TLS handshake failed (`TLS_error:...:CERTIFICATE_VERIFY_FAILED`, `SSL routines`). */
function isTlsFailure(text: string | undefined): boolean {
  return text !== undefined && (text.includes("TLS_error") || text.includes("TLS error") || text.includes("SSL routines") || text.includes("CERTIFICATE_VERIFY_FAILED"));
}

/** A connect failure that the details or the transport failure reason call a timeout (or a TLS failure). */
function connectFailure(details: string | undefined, transport: string | undefined): CauseId {
  if (isTlsFailure(transport) || isTlsFailure(details)) return "tls_error";
  const timedOut = (details !== undefined && details.includes("connection_timeout")) ||
    (transport !== undefined && (transport.includes("timeout") || transport.includes("timed_out") || transport.includes("timed out")));
  return timedOut ? "connect_timeout" : "connect_refused";
}

/** `upstream_reset_before_response_started{remote_connection_failure,...}` → the reason inside. */
function resetReason(details: string): string | undefined {
  const open = details.indexOf("{");
  return open < 0 ? undefined : details.slice(open + 1, details.endsWith("}") ? -1 : undefined);
}

export function causeFromEnvoyDetails(details: string, transport: string | undefined): CauseId {
  if (details === "via_upstream") return "backend_error";
  if (details === "no_healthy_upstream") return "no_healthy_backend";
  if (details.startsWith("upstream_response_timeout") || details.startsWith("upstream_per_try_timeout") ||
      details.startsWith("upstream_per_try_idle_timeout") || details.startsWith("upstream_max_stream_duration_reached")) {
    return "backend_timeout";
  }
  if (details.startsWith("upstream_reset_")) {
    const reason = resetReason(details) ?? "";
    if (reason.startsWith("connection_timeout")) return "connect_timeout";
    if (reason.includes("connection_failure") || reason.startsWith("connect_error")) return connectFailure(details, transport);
    if (reason.startsWith("connection_termination") || reason.startsWith("remote_reset") || reason.startsWith("remote_refused_stream_reset")) return "backend_reset";
    if (reason.startsWith("overflow") || reason.startsWith("overload_manager")) return "proxy_overload";
    if (reason.startsWith("protocol_error")) return "bad_response";
    if (reason.startsWith("local_")) return "proxy_error";
    return "unknown";
  }
  if (details.startsWith("overload_manager") || details === "overflow") return "proxy_overload";
  // Any other detail names a local reply: Envoy answered itself (route/cluster not found, ...).
  return "proxy_error";
}

export function envoyCause(request: ParsedRequest): CauseId {
  const evidence = request.evidence;
  const flags = shortFlags(evidence.envoyFlags);
  const rawDetails = evidence.envoyDetails;
  const details = rawDetails === undefined || rawDetails === "-" || rawDetails === "" ? undefined : rawDetails;
  const transport = evidence.envoyTransportFailure;
  if (flags.includes("UH")) return "no_healthy_backend";
  if (flags.includes("UF")) return connectFailure(details, transport);
  if (flags.includes("UT") || flags.includes("UMSDR")) return "backend_timeout";
  if (flags.includes("UC") || flags.includes("UR")) return "backend_reset";
  if (flags.includes("UPE")) return "bad_response";
  // Retries exhausted on origin 5xx (URX + via_upstream) still passed the origin's answer on.
  if (details !== undefined) return causeFromEnvoyDetails(details, transport);
  if (flags.includes("UO") || flags.includes("OM") || flags.includes("URX") || flags.includes("RL")) return "proxy_overload";
  if (flags.length > 0) return "proxy_error";
  // No flag and no details logged: x-envoy-upstream-service-time is only set once the
  // upstream's response headers arrived, so the status is the origin's.
  if (request.upstreamHeaderMs !== undefined && (evidence.envoyFlags !== undefined || rawDetails !== undefined)) return "backend_error";
  return "unknown";
}
