// Why a CloudFront 5xx happened, from `x-edge-detailed-result-type` (set when the result type is
// Error). Values and their meaning:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
// (x-edge-detailed-result-type) and the 502/504 troubleshooting pages
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/troubleshooting-response-errors.html
import type { CauseId, ParsedRequest } from "@/lib/ingest/types";

export function causeFromCloudfrontResult(detail: string, status: number): CauseId | undefined {
  switch (detail) {
    case "OriginDnsError":
      return "dns_error";
    case "OriginConnectError":
      // CloudFront answers 504 when the connection attempt timed out, 502 when it failed.
      return status === 504 ? "connect_timeout" : "connect_refused";
    case "OriginCommError":
      return "backend_timeout"; // timed out reading from the origin (or connecting: logged as 504)
    case "OriginReadError":
    case "OriginWriteError":
      return "backend_reset";
    case "OriginHeaderTooBigError":
    case "OriginInvalidResponseError":
    case "OriginContentRangeLengthError":
    case "OriginZeroSizeObjectError":
    case "OriginError":
      return "bad_response";
    case "LimitExceeded":
    case "CapacityExceeded":
      return "proxy_overload";
    // The result types of a served answer: the 5xx came from the origin.
    case "Miss":
    case "Hit":
    case "RefreshHit":
      return "backend_error";
    default:
      return undefined;
  }
}

export function cloudfrontCause(request: ParsedRequest): CauseId {
  const detail = request.evidence.cdnError;
  return detail === undefined ? "unknown" : (causeFromCloudfrontResult(detail, request.status) ?? "unknown");
}
