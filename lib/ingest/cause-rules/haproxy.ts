// Why an HAProxy 5xx happened, from the termination state: first char says who or what ended
// the session, second char in which phase (R request, Q queue, C connect, H headers, D data, ...).

import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

export function haproxyCause(request: ParsedRequest): CauseId {
  const state = request.evidence.haproxyTermination;
  if (state === undefined || state.length < 2) return "unknown";
  const who = state[0];
  const phase = state[1];
  const server = request.evidence.haproxyServer;
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
