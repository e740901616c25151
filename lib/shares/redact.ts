// Redaction for share links: what a stranger with the link must not see. Client IPs and query
// strings are hidden by default, backend addresses on request. Pure text functions, applied to
// every string a share page or a share-token read hands out that may carry them.
import type { Redaction } from "@/lib/shares/schemas";

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
// Full and compressed IPv6 forms (at least two groups and a "::", or eight groups); bracketed too.
const IPV6 = /\[?\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b\]?|\[?(?:\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?\b\]?/gi;
// "?..." after a path, up to whitespace or a quote: the query string of a request line or URL.
const QUERY = /(\/[^\s"'?]*)\?[^\s"']*/g;
// host:port after "upstream", "backend" or in a URL authority (http://host:port).
const URL_AUTHORITY = /\b(https?|tcp|redis|postgres(?:ql)?|mysql):\/\/[^\s/"']+/gi;

export const HIDDEN_IP = "[ip hidden]";
export const HIDDEN_QUERY = "?[query hidden]";
export const HIDDEN_ADDRESS = "[address hidden]";

function hideIps(text: string): string {
  return text.replace(IPV4, HIDDEN_IP).replace(IPV6, (m) => (/[0-9a-f]/i.test(m) && m.replace(/[[\]]/g, "") !== "::" ? HIDDEN_IP : m));
}

/** One free-text string (a log line, a probe message, a timeline entry) with what `r` hides removed. */
export function redactText(text: string, r: Redaction): string {
  let out = text;
  if (r.queryStrings) out = out.replace(QUERY, (_m, path: string) => `${path}${HIDDEN_QUERY}`);
  if (r.backendAddresses) out = out.replace(URL_AUTHORITY, (_m, scheme: string) => `${scheme}://${HIDDEN_ADDRESS}`);
  // Client IPs and backend addresses are both IPs in a log line; which is which cannot be told
  // from the text alone, so hiding either hides every IP in free text.
  if (r.clientIps || r.backendAddresses) out = hideIps(out);
  return out;
}

/** Every string inside a JSON value, redacted (objects and arrays keep their shape). */
export function redactDeep<T>(value: T, r: Redaction): T {
  if (typeof value === "string") return redactText(value, r) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, r)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactDeep(v, r)])) as T;
  }
  return value;
}
