// Causes in words for messages (the ids stay in the payload for machines). A Record over CauseId:
// a new cause fails the typecheck until it has its sentence.
import type { CauseId } from "@/lib/ingest/types";
import { isCauseId } from "@/lib/ingest/types";

const CAUSE_WORDS: Record<CauseId, string> = {
  backend_timeout: "the origin accepted connections but did not answer in time",
  connect_timeout: "connections to the origin timed out",
  connect_refused: "the origin refused connections (is it running?)",
  no_healthy_backend: "the proxy had no healthy server to send requests to",
  backend_reset: "the origin closed connections before answering",
  bad_response: "the origin sent answers the proxy could not read",
  proxy_overload: "the proxy shed load (connection, queue or rate limits)",
  proxy_error: "the proxy failed on its own side",
  backend_error: "the origin itself answered 5xx",
  dns_error: "the origin's name did not resolve",
  tls_error: "the TLS handshake with the origin failed",
  unknown: "the logs do not say why",
};

export const causeWords = (cause: string): string => (isCauseId(cause) ? CAUSE_WORDS[cause] : cause);
