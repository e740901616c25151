// Fastly real-time log streaming (HTTPS endpoint) with the JSON log format we recommend below:
// the Varnish-side facts Fastly knows (fastly_info.state, the backend, resp.status and the response
// text Fastly sets on its own 503s). Variables:
// https://www.fastly.com/documentation/guides/integrations/streaming-logs/custom-log-formats
// https://www.fastly.com/documentation/reference/vcl/variables/miscellaneous/fastly-info-state/
import type { TextFormatOptions } from "@/lib/ingest/formats/engine";
import { compileJsonPreset } from "@/lib/ingest/formats/cdn/json-preset";
import type { JsonFieldMapping } from "@/lib/ingest/formats/json";
import type { CompiledParser } from "@/lib/ingest/types";

export { FASTLY_LOG_FORMAT } from "@/lib/ingest/formats/cdn/setup-text";

export const FASTLY_MAPPING: JsonFieldMapping = {
  time: "time",
  status: "status",
  cdnError: "response",
  handling: "state",
  method: "method",
  path: "url",
  protocol: "protocol",
  client: "client_ip",
  backend: "backend",
  bytes: "bytes",
  durationMs: "elapsed_ms",
};

export function compileFastlyFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  return compileJsonPreset("fastly", FASTLY_MAPPING, format, options);
}
