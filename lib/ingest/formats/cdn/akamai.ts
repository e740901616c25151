// Akamai DataStream 2, JSON log format: one record per request with the data set fields the
// stream selected, every value a string; fields logged as `-` are omitted.
// JSON keys: https://techdocs.akamai.com/datastream2/docs/data-set-parameters
// Sample records: https://techdocs.akamai.com/datastream2/docs/log-format-1
import type { TextFormatOptions } from "@/lib/ingest/formats/engine";
import { compileJsonPreset } from "@/lib/ingest/formats/cdn/json-preset";
import type { JsonFieldMapping } from "@/lib/ingest/formats/json";
import type { CompiledParser } from "@/lib/ingest/types";

export const AKAMAI_MAPPING: JsonFieldMapping = {
  time: "reqTimeSec",
  status: "statusCode",
  // `ERR_CONNECT_FAIL|...`: the origin error code the edge logged (cause-rules/akamai.ts).
  cdnError: "errorCode",
  handling: "cacheStatus",
  method: "reqMethod",
  path: "reqPath",
  protocol: "proto",
  client: "cliIP",
  // The property host name; the origin is not logged by name.
  backend: "reqHost",
  bytes: "bytes",
  durationMs: "turnAroundTimeMSec",
};

export function compileAkamaiFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  return compileJsonPreset("akamai", AKAMAI_MAPPING, format, options);
}
