// What of a probe's config each reader sees, and how an edit keeps what it cannot see. Header
// values and the password in a URL are write-only: nobody reads them back, admins included; a
// marker shows that one is set. Query values (often `?api_key=`) are shown to admins only. An
// update that sends a marker back, or leaves `headers` out, keeps the stored value, but only
// while the URL still points at the same origin: otherwise an edit could send them elsewhere.
// URLs are handled as text, not through `URL`, so what someone typed comes back unchanged.
import type { FieldIssue } from "@/lib/errors/app-error";

/** viewer: below editor; editor: may change probes; admin: admins and owners. */
export type SecretsReader = "viewer" | "editor" | "admin";

export const HIDDEN_HEADER_VALUE = "[hidden]";
export const HIDDEN_PASSWORD = "hidden";
export const HIDDEN_QUERY_VALUE = "***";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

interface UrlParts {
  scheme: string;
  user?: string;
  password?: string;
  hostPort: string;
  path: string;
  /** Raw `key=value` parts of the query, without the "?". */
  query?: string[];
  fragment: string;
}

const URL_SHAPE = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(?:\?([^#]*))?(#.*)?$/i;

function splitUrl(text: string): UrlParts | null {
  const m = URL_SHAPE.exec(text);
  if (!m) return null;
  const [, scheme, authority, path, query, fragment] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
  const at = authority.lastIndexOf("@");
  const parts: UrlParts = { scheme, hostPort: authority.slice(at + 1), path, fragment: fragment ?? "", query: query?.split("&") };
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(":");
    parts.user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (colon >= 0) parts.password = userinfo.slice(colon + 1);
  }
  return parts;
}

function joinUrl(p: UrlParts): string {
  const userinfo = p.user === undefined ? "" : `${p.user}${p.password === undefined ? "" : `:${p.password}`}@`;
  return `${p.scheme}${userinfo}${p.hostPort}${p.path}${p.query === undefined ? "" : `?${p.query.join("&")}`}${p.fragment}`;
}

const queryKey = (part: string) => {
  const eq = part.indexOf("=");
  return eq >= 0 ? part.slice(0, eq) : part;
};
const queryValue = (part: string) => {
  const eq = part.indexOf("=");
  return eq >= 0 ? part.slice(eq + 1) : undefined;
};

/** A URL as `reader` may see it: never the password; query values only for admins. */
export function redactUrl(text: string, reader: SecretsReader): string {
  const parts = splitUrl(text);
  if (!parts) return text;
  if (parts.password !== undefined && parts.password !== "") parts.password = HIDDEN_PASSWORD;
  if (reader !== "admin" && parts.query) {
    parts.query = parts.query.map((part) => (queryValue(part) ? `${queryKey(part)}=${HIDDEN_QUERY_VALUE}` : part));
  }
  return joinUrl(parts);
}

/**
 * Every http(s) URL inside a result message, redacted for `reader`. Such URLs may come from a
 * response (a redirect loop's Location headers): viewers see only where they point.
 */
export function redactUrlsInText(text: string, reader: SecretsReader): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/gi, (url) => {
    const parts = reader === "viewer" ? splitUrl(url) : null;
    return parts ? `${parts.scheme}${parts.hostPort}/…` : redactUrl(url, reader);
  });
}

/** A probe config as `reader` may see it. */
export function redactProbeConfig(config: unknown, reader: SecretsReader): Obj {
  if (!isObj(config)) return {};
  const out: Obj = { ...config };
  if (isObj(out.headers)) out.headers = Object.fromEntries(Object.keys(out.headers).map((name) => [name, HIDDEN_HEADER_VALUE]));
  if (typeof out.url === "string") out.url = redactUrl(out.url, reader);
  return out;
}

function originOf(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  if (origin !== "null") return origin;
  // Database and cache URLs (postgresql://, redis://) have no WHATWG origin: every one reads
  // "null", which would let a stored password follow an edit to any other host. Compare their
  // scheme and host:port as written instead.
  const parts = splitUrl(url);
  return parts && parts.hostPort ? `${parts.scheme.toLowerCase()}${parts.hostPort.toLowerCase()}` : undefined;
}

/**
 * The submitted config of an update with every marker replaced by the stored value (and `headers`
 * kept when left out), or the fields where a marker stands for nothing that may be kept.
 */
export function restoreWriteOnlyValues(submitted: unknown, stored: unknown): { ok: true; config: unknown } | { ok: false; issues: FieldIssue[] } {
  if (!isObj(submitted)) return { ok: true, config: submitted };
  const before = isObj(stored) ? stored : {};
  const storedOrigin = originOf(before.url);
  // No URL (a tcp config) means nothing stored may be carried over.
  const sameOrigin = storedOrigin !== undefined && storedOrigin === originOf(submitted.url);
  const issues: FieldIssue[] = [];
  const lost = (path: string, what: string) =>
    issues.push({
      path,
      message: sameOrigin
        ? `${what} stands for a stored value, and none is stored: send the value itself`
        : `${what} stands for a stored value, which is kept only while the URL points at the same origin: send the value again`,
    });
  const out: Obj = { ...submitted };

  const storedHeaders = isObj(before.headers) ? before.headers : {};
  if (out.headers === undefined && sameOrigin && Object.keys(storedHeaders).length > 0) out.headers = storedHeaders;
  if (isObj(out.headers)) {
    const headers: Obj = { ...out.headers };
    for (const [name, value] of Object.entries(headers)) {
      if (value !== HIDDEN_HEADER_VALUE) continue;
      const keptName = Object.keys(storedHeaders).find((n) => n.toLowerCase() === name.toLowerCase());
      if (sameOrigin && keptName !== undefined) headers[name] = storedHeaders[keptName];
      else lost(`config.headers.${name}`, `"${HIDDEN_HEADER_VALUE}"`);
    }
    out.headers = headers;
  }

  const next = typeof out.url === "string" ? splitUrl(out.url) : null;
  if (next) {
    const previous = typeof before.url === "string" ? splitUrl(before.url) : null;
    if (next.password === HIDDEN_PASSWORD) {
      if (sameOrigin && previous?.password && previous.user === next.user) next.password = previous.password;
      else lost("config.url", `The password "${HIDDEN_PASSWORD}"`);
    }
    const seen = new Map<string, number>();
    next.query = next.query?.map((part) => {
      const key = queryKey(part);
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      if (queryValue(part) !== HIDDEN_QUERY_VALUE) return part;
      const kept = previous?.query?.filter((p) => queryKey(p) === key)[nth];
      if (sameOrigin && kept !== undefined) return kept;
      lost("config.url", `The query value ${key}=${HIDDEN_QUERY_VALUE}`);
      return part;
    });
    out.url = joinUrl(next);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config: out };
}
