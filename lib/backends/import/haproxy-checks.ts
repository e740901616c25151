// What kind of health check a HAProxy proxy runs: `option httpchk` (old and 2.2+ forms),
// `http-check send` / `http-check expect`, and the protocol checks (mysql-check, ...), which the
// importer can only offer as TCP connect probes.
import type { Notes } from "./common";

export interface CheckConfig {
  /** Undefined while only `http-check` rules were seen: they do nothing without `option httpchk`. */
  kind?: "http" | "tcp";
  /** The protocol check HAProxy really runs when imported as tcp, e.g. "mysql-check". */
  protocol?: string;
  method: string;
  uri: string;
  host?: string;
  expectedStatus?: number;
  /** The `http-check expect` rule when it is not a single status, kept for the note. */
  expectRule?: string;
  line: number;
}

const PROTOCOL_CHECKS = new Set(["ssl-hello-chk", "mysql-check", "pgsql-check", "redis-check", "smtpchk", "ldap-check",
  "tcp-check", "spop-check", "external-check"]);
const IGNORED_HTTP_CHECK = new Set(["disable-on-404", "send-state", "connect", "comment", "set-var", "unset-var"]);
const EXPECT_MATCHERS = new Set(["status", "rstatus", "string", "rstring", "hdr", "fhdr"]);

/** Applies one `option ...`, `no option ...` or `http-check ...` line; returns the new config. */
export function parseHttpCheck(keyword: string, args: string[], current: CheckConfig | undefined, line: number, notes: Notes): CheckConfig | undefined {
  const base: CheckConfig = current ?? { method: "OPTIONS", uri: "/", line };
  if (keyword === "no") {
    const disables = args[0] === "option" && (args[1] === "httpchk" || PROTOCOL_CHECKS.has(args[1] ?? ""));
    return disables ? undefined : current;
  }
  if (keyword === "option") {
    const [name, ...rest] = args;
    if (name === "httpchk") return { ...base, kind: "http", protocol: undefined, ...readHttpchk(rest), line };
    if (PROTOCOL_CHECKS.has(name ?? "")) return { ...base, kind: "tcp", protocol: name, line };
    return current;
  }
  const [verb, ...rest] = args;
  if (verb === "send") return { ...base, ...readSend(rest, line, notes) };
  if (verb === "expect") return { ...base, ...readExpect(rest) };
  if (!IGNORED_HTTP_CHECK.has(verb ?? "")) notes.info(line, `"http-check ${verb ?? ""}" not understood; ignored`);
  return current;
}

// option httpchk [<uri>] | [<method> <uri> [<version>]]; old configs smuggle headers into the
// version as "HTTP/1.1\r\nHost:\ example.com".
function readHttpchk(rest: string[]): Partial<CheckConfig> {
  if (rest.length === 0) return {};
  if (rest.length === 1) return { uri: rest[0] };
  const host = /\r\nhost:\s*([^\r\n]+)/i.exec(rest.slice(2).join(" "))?.[1]?.trim();
  return { method: rest[0], uri: rest[1], ...(host ? { host } : {}) };
}

// http-check send [meth M] [uri U] [ver V] [hdr NAME VALUE]* [body B] ...
function readSend(rest: string[], line: number, notes: Notes): Partial<CheckConfig> {
  const out: Partial<CheckConfig> = {};
  for (let i = 0; i < rest.length; i++) {
    const key = rest[i];
    if (key === "meth") out.method = rest[++i];
    else if (key === "uri" || key === "uri-lf") out.uri = rest[++i];
    else if (key === "hdr") {
      const [name, value] = [rest[++i], rest[++i]];
      if (name?.toLowerCase() === "host" && value) out.host = value;
    } else if (key === "ver" || key === "body" || key === "body-lf" || key === "comment") i++;
    else notes.info(line, `"http-check send ${key}" not understood; ignored`);
  }
  return out;
}

// http-check expect [flags] [!] <match> <pattern>: only a single `status NNN` maps to a number.
function readExpect(rest: string[]): Partial<CheckConfig> {
  const at = rest.findIndex((w) => EXPECT_MATCHERS.has(w));
  const negated = at > 0 && rest[at - 1] === "!";
  const pattern = rest[at + 1] ?? "";
  if (at >= 0 && !negated && rest[at] === "status" && /^\d{3}$/.test(pattern)) return { expectedStatus: Number(pattern), expectRule: undefined };
  return { expectedStatus: undefined, expectRule: rest.join(" ") };
}

/** A note explaining what the imported probe cannot say about this check, or null. */
export function checkNote(c: CheckConfig | undefined): string | null {
  if (c?.kind === "tcp" && c.protocol) return `HAProxy runs "option ${c.protocol}"; imported as a TCP connect probe`;
  if (c?.kind !== "http" || c.expectedStatus !== undefined) return null;
  const accepts = c.expectRule ? `"http-check expect ${c.expectRule}"` : "any 2xx or 3xx status";
  return `HAProxy's HTTP check accepts ${accepts}; set the probe's expected status by hand`;
}
