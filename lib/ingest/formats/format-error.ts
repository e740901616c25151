import type { ProxyKind } from "@/lib/ingest/types";

const FORMAT_NAMES: Record<ProxyKind, string> = {
  varnish: "varnishncsa format",
  nginx: "nginx log_format",
  haproxy: "HAProxy log-format",
  envoy: "Envoy access-log format",
  json: "JSON field mapping",
  cloudflare: "Cloudflare Logpush field mapping",
  cloudfront: "CloudFront field list",
  fastly: "Fastly JSON field mapping",
  akamai: "Akamai DataStream 2 field mapping",
  bunny: "Bunny CDN log format",
};

/** A format string (or JSON mapping) that cannot be compiled; names the culprit and where it is. */
export class FormatError extends Error {
  override readonly name = "FormatError";
  constructor(
    readonly kind: ProxyKind,
    /** The offending specifier (or mapping key) exactly as written. */
    readonly specifier: string,
    /** 0-based index of the specifier in the format string; -1 when it has no position. */
    readonly position: number,
    /** What is wrong, e.g. "unknown specifier", "unterminated specifier". */
    readonly problem = "unknown specifier",
  ) {
    const where = position >= 0 ? ` at position ${position}` : "";
    super(`${problem} "${specifier}"${where} in ${FORMAT_NAMES[kind]}`);
  }
}
