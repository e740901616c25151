// PostgreSQL text and jsonb cannot hold NUL characters; log lines sometimes do. Replace them
// with U+FFFD before storing, so one odd byte never fails a batch.
export function pgText(s: string): string {
  return s.includes("\u0000") ? s.replace(/\u0000/g, "\uFFFD") : s;
}

/** JSON text for a jsonb parameter, with NUL escapes replaced the same way. */
export function pgJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\u0000") ? json.replace(/\\u0000/g, "\\ufffd") : json;
}
