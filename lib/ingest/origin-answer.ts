// Whether each cause's 5xx carries a duration the origin is responsible for. A new cause fails the
// typecheck until it says. The latency histograms count only requests that reached an origin
// (lib/rollups/origin-answers.ts explains why); tests/unit/ingest/origin-answer.test.ts checks
// this table and that list agree.
import type { CauseId } from "@/lib/ingest/types";

export const REACHED_ORIGIN: Record<CauseId, boolean> = {
  // The origin took the connection and kept the proxy waiting until its timeout: that wait is the
  // origin's, and the line rising to the timeout is the warning the latency chart exists for.
  backend_timeout: true,
  connect_timeout: false,
  connect_refused: false,
  no_healthy_backend: false,
  backend_reset: true,
  bad_response: true,
  proxy_overload: false,
  proxy_error: false,
  backend_error: true,
  dns_error: false,
  tls_error: false,
  // No evidence either way: counted, as every request was before causes were known.
  unknown: true,
};

/** Whether a request with this cause (null: not a 5xx) belongs in the latency histogram. */
export function countsForLatency(cause: CauseId | null): boolean {
  return cause === null || REACHED_ORIGIN[cause];
}
