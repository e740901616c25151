// Cloudflare Logpush, dataset `http_requests`: NDJSON records (gzip), one per request, with the
// fields the job selected. Field names and meanings:
// https://developers.cloudflare.com/logs/reference/log-fields/zone/http_requests/
// Timestamps come as the job's `timestamp_format`: `unixnano` (the default), `unix` or `rfc3339`
// (https://developers.cloudflare.com/logs/reference/log-output-options/); the time reader tells
// them apart by magnitude or shape.
import type { TextFormatOptions } from "@/lib/ingest/formats/engine";
import { compileJsonPreset } from "@/lib/ingest/formats/cdn/json-preset";
import type { JsonFieldMapping } from "@/lib/ingest/formats/json";
import type { CompiledParser } from "@/lib/ingest/types";

export { CLOUDFLARE_FIELDS } from "@/lib/ingest/formats/cdn/setup-text";

export const CLOUDFLARE_MAPPING: JsonFieldMapping = {
  time: ["EdgeStartTimestamp", "EdgeEndTimestamp"],
  status: "EdgeResponseStatus",
  originStatus: "OriginResponseStatus",
  method: "ClientRequestMethod",
  path: "ClientRequestURI",
  protocol: "ClientRequestProtocol",
  client: "ClientIP",
  // The zone's host name is what a Cloudflare user calls the site; OriginIP is kept as the address.
  backend: "ClientRequestHost",
  upstreamAddr: "OriginIP",
  bytes: "EdgeResponseBytes",
  // Logpush has no total duration field: time to first byte is the closest it logs.
  durationMs: "EdgeTimeToFirstByteMs",
  firstByteMs: "EdgeTimeToFirstByteMs",
  upstreamConnectMs: "OriginTCPHandshakeDurationMs",
  upstreamHeaderMs: "OriginResponseHeaderReceiveDurationMs",
  upstreamResponseMs: "OriginResponseDurationMs",
  handling: "CacheCacheStatus",
};

export function compileCloudflareFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  return compileJsonPreset("cloudflare", CLOUDFLARE_MAPPING, format, options);
}
