// Word-level reading of haproxy.cfg: splitting a line the way HAProxy does (quotes, backslash
// escapes, `#` comments), durations, and the keywords of `server` / `default-server` lines.
import type { Notes } from "./common";

/** Splits one config line into words. Unterminated quotes are noted and closed at end of line. */
export function splitHaproxyLine(text: string, line: number, notes: Notes): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // Single quotes are literal; double quotes and bare words honour backslash escapes.
    if (c === "\\" && quote !== "'" && i + 1 < text.length) {
      const [decoded, used] = unescape(text, i + 1);
      word += decoded;
      inWord = true;
      i += used;
    } else if (quote) {
      if (c === quote) quote = null;
      else word += c;
    } else if (c === "#") {
      break;
    } else if (c === " " || c === "\t" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      inWord = true;
      if (c === '"' || c === "'") quote = c;
      else word += c;
    }
  }
  if (quote) notes.warn(line, `unterminated ${quote === '"' ? "double" : "single"} quote`);
  if (inWord) words.push(word);
  return words;
}

// The escape sequence whose letter is at `text[i]`: its meaning and how many chars it used.
function unescape(text: string, i: number): [string, number] {
  const c = text[i];
  if (c === "r") return ["\r", 1];
  if (c === "n") return ["\n", 1];
  if (c === "t") return ["\t", 1];
  const hex = c === "x" ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 1, i + 3)) : null;
  if (hex) return [String.fromCharCode(parseInt(hex[0], 16)), 3];
  return [c, 1];
}

const TIME_UNITS_MS = new Map([["us", 0.001], ["ms", 1], ["s", 1_000], ["m", 60_000], ["h", 3_600_000], ["d", 86_400_000]]);

/** HAProxy durations: an integer with an optional unit (us, ms, s, m, h, d); milliseconds by default. */
export function parseHaproxyTime(text: string): number | null {
  const m = /^(\d+)([a-z]*)$/.exec(text);
  if (!m) return null;
  const factor = m[2] === "" ? 1 : TIME_UNITS_MS.get(m[2]);
  return factor === undefined ? null : Number(m[1]) * factor;
}

/** What the importer keeps from `server` and `default-server` options. */
export interface ServerOptions {
  check?: boolean;
  inter?: number;
  fastinter?: number;
  downinter?: number;
  fall?: number;
  rise?: number;
  checkPort?: number;
  checkAddr?: string;
  checkSsl?: boolean;
  backup?: boolean;
  disabled?: boolean;
}

// Keywords that take no argument, and those that take one; used to step over options that do not
// matter here without mistaking their argument for the next keyword.
const FLAGS = new Set([
  "check", "no-check", "backup", "no-backup", "disabled", "enabled", "ssl", "no-ssl", "check-ssl", "no-check-ssl",
  "send-proxy", "send-proxy-v2", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "no-send-proxy", "no-send-proxy-v2",
  "check-send-proxy", "agent-check", "no-agent-check", "non-stick", "stick", "allow-0rtt", "ssl-reuse", "no-ssl-reuse",
  "tls-tickets", "no-tls-tickets", "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "force-sslv3",
  "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "tfo", "no-tfo", "no-verifyhost", "check-via-socks4",
]);
const WITH_ARGUMENT = new Set([
  "inter", "fastinter", "downinter", "fall", "rise", "port", "addr", "weight", "cookie", "maxconn", "maxqueue", "minconn",
  "slowstart", "verify", "verifyhost", "ca-file", "crt", "crl-file", "sni", "alpn", "npn", "ciphers", "ciphersuites",
  "curves", "sigalgs", "client-sigalgs", "ssl-min-ver", "ssl-max-ver", "id", "init-addr", "resolvers", "resolve-prefer",
  "resolve-net", "resolve-opts", "on-error", "on-marked-down", "on-marked-up", "error-limit", "observe", "agent-port",
  "agent-inter", "agent-addr", "agent-send", "check-sni", "check-alpn", "check-proto", "proto", "pool-max-conn",
  "pool-purge-delay", "pool-low-conn", "pool-conn-name", "max-reuse", "source", "namespace", "redir", "track", "tcp-ut",
  "socks4", "set-proxy-v2-tlv-fmt", "proxy-v2-options", "ws", "log-proto", "hash-key", "guid", "shard", "usesrc",
]);

/** Reads option words into `into` (a copy of the section's default-server options). */
export function readServerOptions(words: string[], into: ServerOptions, line: number, notes: Notes): ServerOptions {
  for (let i = 0; i < words.length; i++) {
    const key = words[i];
    if (FLAGS.has(key)) {
      applyFlag(key, into);
      continue;
    }
    if (!WITH_ARGUMENT.has(key)) {
      notes.info(line, `server option "${key}" not understood; ignored`);
      continue;
    }
    const value = words[++i];
    if (value === undefined) {
      notes.warn(line, `server option "${key}" has no value`);
      break;
    }
    applyValue(key, value, into, line, notes);
  }
  return into;
}

function applyFlag(key: string, into: ServerOptions): void {
  if (key === "check" || key === "no-check") into.check = key === "check";
  else if (key === "backup" || key === "no-backup") into.backup = key === "backup";
  else if (key === "disabled" || key === "enabled") into.disabled = key === "disabled";
  else if (key === "check-ssl" || key === "no-check-ssl") into.checkSsl = key === "check-ssl";
}

function applyValue(key: string, value: string, into: ServerOptions, line: number, notes: Notes): void {
  if (key === "inter" || key === "fastinter" || key === "downinter") {
    const ms = parseHaproxyTime(value);
    if (ms === null) notes.warn(line, `"${key} ${value}" is not a duration; ignored`);
    else into[key] = ms;
  } else if (key === "fall" || key === "rise" || key === "port") {
    const n = /^\d+$/.test(value) ? Number(value) : 0;
    if (n < 1) notes.warn(line, `"${key} ${value}" is not a positive number; ignored`);
    else if (key === "port") into.checkPort = n;
    else into[key] = n;
  } else if (key === "addr") {
    into.checkAddr = value;
  }
}
