// Which 5xx causes never got an answer from an origin: the proxy failed before (or instead of)
// talking to one. Their durations measure the proxy (a refused connection fails in a millisecond,
// a health-check verdict in none), not the origin, so the latency histograms leave them out and a
// backend that refuses every connection does not look faster. Charts mark the buckets where such
// failures were most of the traffic, because the latency there describes the few that got through.
// Cause ids are plain strings here (rollups sit below ingest); lib/ingest/origin-answer.ts keeps
// the per-cause Record the typecheck holds every cause to, and a unit test checks the two agree.

export const FAILED_BEFORE_ORIGIN: ReadonlySet<string> = new Set([
  "connect_timeout",
  "connect_refused",
  "no_healthy_backend",
  "proxy_overload",
  "proxy_error",
  "dns_error",
  "tls_error",
]);

/** A bucket is marked when more than this share of its requests failed before reaching an origin. */
export const FAILURE_DOMINATED_SHARE = 0.5;
