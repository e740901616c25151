// The words for each cause: the one table every page, chart, export and message reads. `label`
// is what a chart legend or a table shows; `hint` a sentence for tooltips, next to the id (the id
// stays what the API, alerts and URLs speak). A new cause fails the typecheck until it has both.
import { isCauseId, type CauseId } from "@/lib/ingest/types";

export const CAUSE_LABEL: Record<CauseId, string> = {
  backend_timeout: "Timed out waiting for the first byte",
  connect_timeout: "Timed out connecting",
  connect_refused: "Connection refused",
  no_healthy_backend: "No healthy backend",
  backend_reset: "Connection reset by the origin",
  bad_response: "Unreadable answer from the origin",
  proxy_overload: "Proxy shed load",
  proxy_error: "Proxy's own failure",
  backend_error: "Origin answered 5xx",
  dns_error: "Origin name did not resolve",
  tls_error: "TLS handshake failed",
  unknown: "Unknown cause",
};

export const CAUSE_HINT: Record<CauseId, string> = {
  backend_timeout: "The origin accepted the connection but sent no answer in time.",
  connect_timeout: "Connecting (TCP or TLS) to the origin took too long.",
  connect_refused: "The origin's port was closed or the host unreachable.",
  no_healthy_backend: "Health checks had marked every candidate sick, or no backend was chosen.",
  backend_reset: "The origin closed or reset the connection before a full answer.",
  bad_response: "The origin answered something the proxy could not read.",
  proxy_overload: "The proxy shed load: connection, queue or rate limits.",
  proxy_error: "The proxy failed on its own side.",
  backend_error: "The origin answered 5xx itself; the proxy only passed it on.",
  dns_error: "The origin's host name did not resolve.",
  tls_error: "The TLS handshake with the origin failed, or its certificate was refused.",
  unknown: "The log line carries no evidence of why.",
};

/** A cause's words, or the raw key when it is not a cause id (an older row, a typo in a URL). */
export function causeLabel(cause: string): string {
  return isCauseId(cause) ? CAUSE_LABEL[cause] : cause;
}

/** The tooltip of a cause: its id, then what it means. */
export function causeTitle(cause: string): string {
  return isCauseId(cause) ? `${cause}: ${CAUSE_HINT[cause]}` : cause;
}
