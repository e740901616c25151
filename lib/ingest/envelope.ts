// Log shippers wrap each line in a JSON record: Fluent Bit's http output sends {"log": "..."},
// Vector and syslog-style pipelines {"message": "..."}. For proxy sources sent as NDJSON, the
// line inside the envelope is what the proxy wrote; sources whose lines are JSON records (json and
// the JSON-shipping CDNs) keep the record whole.
const ENVELOPE_FIELDS = ["log", "message", "msg"] as const;

export function unwrapEnvelope(line: string): string {
  if (line.charCodeAt(0) !== 123 /* { */) return line;
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    for (const field of ENVELOPE_FIELDS) {
      const value = record[field];
      if (typeof value === "string") return value.endsWith("\n") ? value.slice(0, -1) : value;
    }
  } catch {
    // not JSON after all: the format's parser will reject it with its own reason
  }
  return line;
}

export function isJsonLinesType(contentType: string): boolean {
  return contentType === "application/x-ndjson" || contentType === "application/jsonl" || contentType === "application/json";
}

/** Kinds whose lines are JSON records themselves, never wrapped by a shipper. */
export function recordsAreJson(kind: string): boolean {
  return kind === "json" || kind === "cloudflare" || kind === "fastly" || kind === "akamai";
}
