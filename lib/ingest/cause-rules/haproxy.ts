// Why an HAProxy 5xx happened, from the termination state: first char says who or what ended
// the session, second char in which phase (R request, Q queue, C connect, H headers, D data, ...).

import type { CauseId, ParsedRequest, RequestEvidence } from "@/lib/ingest/types";

/**
 * HAProxy's texts for a server connection that failed in its TLS layer (conn_err_code_str() in
 * src/connection.c, logged by `%[bc_err_str]`). Not here: "Too many SSL connections" and "Out of
 * memory when initializing an SSL connection", which are HAProxy's own limits, not the origin's.
 */
const TLS_CONNECTION_ERRORS = [
  "SSL handshake failure", // also "... after heartbeat"
  "Connection closed during SSL handshake",
  "Connection error during SSL handshake",
  "Timeout during SSL handshake",
  "Server presented an SSL certificate different from the",
  "SSL client CA chain cannot be verified",
  "SSL client certificate not trusted",
  "SSL fatal error",
];

/** The server-side handshake failed: `%[bc_err_str]` says so, or `%[ssl_bc_err]` is an OpenSSL error. */
export function haproxyTlsFailure(evidence: RequestEvidence): boolean {
  const text = evidence.haproxyConnError;
  if (text !== undefined && TLS_CONNECTION_ERRORS.some((prefix) => text.startsWith(prefix))) return true;
  const code = evidence.haproxySslError;
  return code !== undefined && code !== "-" && code !== "" && code !== "0";
}

export function haproxyCause(request: ParsedRequest): CauseId {
  const state = request.evidence.haproxyTermination;
  if (state === undefined || state.length < 2) return "unknown";
  const who = state[0];
  const phase = state[1];
  const server = request.evidence.haproxyServer;
  // A handshake that failed ends like a refused or timed-out connect (`SC`, `sC`): only the
  // connection error tells them apart.
  if ((who === "S" || who === "s") && haproxyTlsFailure(request.evidence)) return "tls_error";
  switch (who) {
    case "-":
      return "backend_error"; // normal termination: the server's own answer went through
    case "s":
      if (phase === "H" || phase === "D") return "backend_timeout";
      if (phase === "C") return "connect_timeout";
      if (phase === "Q") return "proxy_overload";
      return "unknown";
    case "S":
      if (phase === "C") {
        if (server === "<NOSRV>") return "no_healthy_backend";
        return server === undefined ? "unknown" : "connect_refused";
      }
      if (phase === "Q") return "proxy_overload";
      return "backend_reset";
    case "P":
      return phase === "H" ? "bad_response" : "proxy_error";
    case "R":
      return "proxy_overload";
    case "I":
    case "L":
    case "K":
    case "D":
    case "U":
      return "proxy_error";
    case "C":
    case "c": {
      // The client ended it; a 5xx with a server response time was still the server's answer.
      const serverResponse = request.evidence.haproxyTimers?.Tr;
      return serverResponse !== undefined && serverResponse >= 0 ? "backend_error" : "unknown";
    }
    default:
      return "unknown";
  }
}
