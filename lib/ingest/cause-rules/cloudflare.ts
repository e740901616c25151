// Why a Cloudflare 5xx happened, from its own 52x codes and the origin's status as Logpush logs
// it (OriginResponseStatus: 0 when the origin sent no answer). Meanings of the codes:
// https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/
import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

export function cloudflareCause(request: ParsedRequest): CauseId {
  const origin = request.evidence.originStatus;
  // The origin answered 5xx itself and Cloudflare passed it on.
  if (origin !== undefined && origin >= 500 && origin <= 599) return "backend_error";
  switch (request.status) {
    case 520:
      // "Web server returns an unknown error": an empty or reset answer (no origin status), or
      // one Cloudflare could not use (headers too large, invalid) that still had a status.
      if (origin === undefined) return "unknown";
      return origin === 0 ? "backend_reset" : "bad_response";
    case 521:
      return "connect_refused"; // web server is down: the origin refused the connection
    case 522:
      return "connect_timeout"; // connection timed out (TCP handshake)
    case 523:
      return "dns_error"; // origin is unreachable: its DNS record does not resolve or route
    case 524:
      return "backend_timeout"; // connected, but no HTTP answer within the proxy read timeout
    case 525:
    case 526:
      return "tls_error"; // SSL handshake failed / invalid SSL certificate at the origin
    case 527:
      return "proxy_error"; // Railgun listener to origin error
    default:
      // Another 5xx with an origin status present but not 5xx: Cloudflare made it (e.g. a
      // Worker or a 1xxx error page); with no origin status at all, nothing says.
      return origin !== undefined && origin > 0 ? "proxy_error" : "unknown";
  }
}
