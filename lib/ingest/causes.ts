// Cause attribution: exactly one canonical cause per 5xx, from the evidence the line (and, for
// nginx and bunny.net, its joined error record) carries. No evidence means "unknown", never a guess; an
// origin's own 5xx (backend_error) is never merged with a 5xx the proxy made.

import { akamaiCause } from "@/lib/ingest/cause-rules/akamai";
import { bunnyCause } from "@/lib/ingest/cause-rules/bunny";
import { cloudflareCause } from "@/lib/ingest/cause-rules/cloudflare";
import { cloudfrontCause } from "@/lib/ingest/cause-rules/cloudfront";
import { envoyCause } from "@/lib/ingest/cause-rules/envoy";
import { fastlyCause } from "@/lib/ingest/cause-rules/fastly";
import { haproxyCause } from "@/lib/ingest/cause-rules/haproxy";
import { nginxCause } from "@/lib/ingest/cause-rules/nginx";
import { varnishCause } from "@/lib/ingest/cause-rules/varnish";
import { isCauseId, type CauseId, type NginxErrorEvidence, type ParsedRequest, type ProxyKind } from "@/lib/ingest/types";

export { causeFromNginxError } from "@/lib/ingest/cause-rules/nginx";
export { causeFromFetchError } from "@/lib/ingest/cause-rules/varnish";
export { causeFromEnvoyDetails } from "@/lib/ingest/cause-rules/envoy";

export function isServerError(status: number): boolean {
  return status >= 500 && status <= 599;
}

/** JSON lines may carry any proxy's evidence; use whichever family is present. */
function jsonCause(request: ParsedRequest, joined: NginxErrorEvidence | undefined): CauseId {
  const evidence = request.evidence;
  if (isCauseId(evidence.cause)) return evidence.cause;
  if (evidence.envoyFlags !== undefined || evidence.envoyDetails !== undefined) return envoyCause(request);
  if (evidence.haproxyTermination !== undefined) return haproxyCause(request);
  if (evidence.varnishFetchError !== undefined) return varnishCause(request);
  if (evidence.nginxUpstreamStatus !== undefined || joined !== undefined) return nginxCause(request, joined);
  return "unknown";
}

/** The canonical cause of a 5xx, or null when the status is not a 5xx. */
export function attributeCause(kind: ProxyKind, request: ParsedRequest, joinedEvidence?: NginxErrorEvidence): CauseId | null {
  if (!isServerError(request.status)) return null;
  switch (kind) {
    case "varnish":
      return varnishCause(request);
    case "nginx":
      return nginxCause(request, joinedEvidence);
    case "haproxy":
      return haproxyCause(request);
    case "envoy":
      return envoyCause(request);
    case "json":
      return jsonCause(request, joinedEvidence);
    case "cloudflare":
      return cloudflareCause(request);
    case "cloudfront":
      return cloudfrontCause(request);
    case "fastly":
      return fastlyCause(request);
    case "akamai":
      return akamaiCause(request);
    case "bunny":
      return bunnyCause(request, joinedEvidence);
  }
}
