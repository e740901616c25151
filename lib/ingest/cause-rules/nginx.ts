// Why an nginx 5xx happened: from its error log when we have the matching line, else from the
// upstream variables of the access log.
//
// nginx records its *own* verdict in $upstream_status: a timeout is logged as 504 and a
// connect failure, reset or bad header as 502, exactly like an origin that answered 504/502.
// So for 502/504 the status alone cannot tell "the origin said so" from "nginx gave up"; the
// timers can: $upstream_header_time is set only once a response header was parsed (the origin
// answered), and $upstream_connect_time stays `-` when no connection was made. Any other 5xx in
// $upstream_status (500, 503, ...) can only come from the origin.

import type { CauseId, NginxErrorEvidence, ParsedRequest } from "@/lib/ingest/types";

/** The cause an nginx error-log message implies; undefined when it is not about an upstream failure. */
export function causeFromNginxError(message: string, action: string | undefined): CauseId | undefined {
  const aboutUpstream = action !== undefined && action.endsWith("upstream");
  const connecting = action !== undefined && (action.startsWith("connecting to upstream") || action.startsWith("SSL handshaking to upstream"));
  if (message.startsWith("upstream timed out")) return connecting ? "connect_timeout" : "backend_timeout";
  // A failed handshake with an https upstream: nginx logs us=502 and uct=- exactly as for a refused
  // connect, so only this line tells them apart.
  if (message.startsWith("SSL_do_handshake() failed") || message.startsWith("upstream SSL certificate") || (action !== undefined && action.startsWith("SSL handshaking to upstream") && !message.startsWith("connect() "))) {
    return "tls_error";
  }
  // `HOST could not be resolved (3: Host not found)`: a variable proxy_pass whose name did not resolve.
  if (message.includes(" could not be resolved") || message.startsWith("no resolver defined")) return "dns_error";
  if (message.startsWith("no live upstreams")) return "no_healthy_backend";
  if (message.startsWith("connect() ")) return message.includes("(110: ") ? "connect_timeout" : "connect_refused";
  if (message.startsWith("upstream prematurely closed")) return "backend_reset";
  if (message.startsWith("upstream sent ")) return "bad_response";
  if (message.startsWith("limiting requests") || message.startsWith("limiting connections")) return "proxy_overload";
  if (aboutUpstream && (message.includes("(104: ") || message.includes("(32: "))) return "backend_reset";
  return undefined;
}

/** The token after the last `, ` / ` : ` of a multi-valued nginx variable, or undefined. */
function lastAttempt(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const comma = raw.lastIndexOf(", ");
  const redirect = raw.lastIndexOf(" : ");
  const cut = Math.max(comma < 0 ? 0 : comma + 2, redirect < 0 ? 0 : redirect + 3);
  return raw.slice(cut).trim();
}

/** `$upstream_addr` holds the upstream group's *name* (no port, no unix:) when no peer was tried. */
function isGroupName(addr: string | undefined): boolean {
  return addr !== undefined && addr !== "-" && !addr.includes(":");
}

export function nginxCause(request: ParsedRequest, joined?: NginxErrorEvidence): CauseId {
  const evidence = request.evidence;
  const statuses = evidence.nginxUpstreamStatuses;
  const joinedCause = joined?.cause;
  if (evidence.nginxUpstreamStatus === undefined || statuses === undefined) return joinedCause ?? "unknown";

  const last = statuses.length > 0 ? statuses[statuses.length - 1] : null;
  if (last === null) {
    // nginx answered without asking an upstream: its own limit_req/limit_conn 503, or its own error.
    return joinedCause ?? (request.status === 503 ? "proxy_overload" : "proxy_error");
  }
  const headerTime = lastAttempt(evidence.nginxUpstreamHeaderTime);
  const connectTime = lastAttempt(evidence.nginxUpstreamConnectTime);
  const originAnswered = headerTime !== undefined && headerTime !== "-";
  if (last >= 500 && originAnswered) return "backend_error";
  if (last >= 500 && last !== 502 && last !== 504) return "backend_error";
  if (joinedCause !== undefined) return joinedCause;
  if (last === 502 && isGroupName(lastAttempt(evidence.nginxUpstreamAddr))) return "no_healthy_backend";
  if (last === 502 || last === 504) {
    if (connectTime === "-") return last === 504 ? "connect_timeout" : "connect_refused";
    // Connected but no header parsed: a 504 is nginx's read timeout; a 502 is a reset or an
    // unparsable answer, which only the error log can tell apart.
    if (connectTime !== undefined && headerTime === "-" && last === 504) return "backend_timeout";
  }
  return "unknown";
}
