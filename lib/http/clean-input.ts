// Text a client sends must be text PostgreSQL can hold: no NUL characters, no lone UTF-16
// surrogates, valid UTF-8 and valid percent-encoding. Checked once at the boundary (route(),
// readJson, the proxy for paths), so a bad byte is a 400 naming its field rather than a
// database error deep inside a query. Ingest is the exception: it keeps odd lines on purpose
// (lib/ingest/body.ts, lib/db/text.ts).
import { AppError } from "@/lib/errors/app-error";

/** Deeper JSON than this is refused: no API takes it, and recursive code further on must not overflow. */
export const MAX_JSON_DEPTH = 64;

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** What is wrong with a string as database text, or null when nothing is. */
function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character";
  if (!s.isWellFormed()) return "is not valid Unicode text";
  return null;
}

function refuse(where: string, path: string, problem: string): never {
  throw new AppError("bad_request", `${where}${path}: ${problem}.`, { fields: [{ path, message: problem }] });
}

/**
 * Walks a parsed JSON value (iteratively: a hostile body can nest thousands of levels) and
 * refuses the first string or key that is not clean text, naming its path like zod does
 * (`probes.2.url`), and any nesting deeper than MAX_JSON_DEPTH.
 */
export function assertCleanJson(value: unknown, where = "Invalid input: "): void {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    const name = path.join(".") || "(body)";
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) refuse(where, name, problem);
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (path.length >= MAX_JSON_DEPTH) refuse(where, name, `is nested deeper than ${MAX_JSON_DEPTH} levels`);
    for (const [key, child] of Object.entries(v)) {
      const problem = textProblem(key);
      if (problem) refuse(where, name, `has a key that ${problem}`);
      stack.push({ value: child, path: [...path, key] });
    }
  }
}

/** A body's bytes as text; invalid UTF-8 is a 400 rather than silently replaced characters. */
export function decodeUtf8Body(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.", { fields: [{ path: "(body)", message: "is not valid UTF-8" }] });
  }
}

/** A name safe to quote in a message: raw request text can be anything. */
const quoted = (raw: string) => JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

function decodeQueryPart(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

// Next re-encodes the query before a route handler sees it, decoding bytes that are not UTF-8 to
// U+FFFD (and a lone `%ZZ` to a literal "%ZZ", which is harmless text). A replacement character in
// a query is therefore the trace of broken encoding, and a client has no reason to send one.
const REPLACEMENT = "\uFFFD";

/**
 * The query string: every name and value must decode as UTF-8 (checked on the raw text too, in
 * case the URL arrives as sent) and be clean text.
 */
export function assertCleanQuery(url: string): void {
  const q = url.indexOf("?");
  if (q < 0) return;
  const end = url.indexOf("#", q);
  for (const pair of url.slice(q + 1, end < 0 ? undefined : end).split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeQueryPart(rawName);
    if (name === null || name.includes(REPLACEMENT)) refuse("Query parameter ", quoted(rawName), "the name is not valid percent-encoded UTF-8");
    const nameProblem = textProblem(name);
    if (nameProblem) refuse("Query parameter ", quoted(name), `the name ${nameProblem}`);
    if (eq < 0) continue;
    const value = decodeQueryPart(pair.slice(eq + 1));
    if (value === null || value.includes(REPLACEMENT)) refuse("Query parameter ", name, "is not valid percent-encoded UTF-8");
    const problem = textProblem(value);
    if (problem) refuse("Query parameter ", name, problem);
  }
}

/** Path parameters as Next hands them over (already decoded; %00 arrives as a NUL). */
export function assertCleanParams(params: Record<string, string | string[] | undefined>): void {
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const problem = v === undefined ? null : textProblem(v);
      if (problem) refuse("Path parameter ", name, problem);
    }
  }
}

/**
 * Whether a raw URL path is unusable: broken percent-encoding, or a NUL once decoded. Next's own
 * router answers such paths with a 500 before any handler runs (vercel/next.js#92557), so the
 * proxy checks them first.
 */
export function badPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return "The path is not valid percent-encoded UTF-8.";
  }
  const problem = textProblem(decoded);
  return problem ? `The path ${problem}.` : null;
}
