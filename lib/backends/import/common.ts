// Helpers shared by the three importers: the note list, address handling, Varnish defaults.
import type { ImportNote, ImportedProbe } from "./types";

/** Varnish's probe defaults (our probe model is Varnish's); `.initial` defaults to threshold - 1. */
export const VARNISH_PROBE_DEFAULTS = {
  window: 8,
  threshold: 3,
  intervalMs: 5_000,
  timeoutMs: 2_000,
  expectedStatus: 200,
} as const;

/** Varnish's backend timeout defaults (varnishd parameters, which `-p` can change). */
export const VARNISH_TIMEOUT_DEFAULTS = {
  connectMs: 3_500,
  firstByteMs: 60_000,
  betweenBytesMs: 60_000,
} as const;

/** A complete probe with every value the user did not choose set to Varnish's default. */
export function suggestedProbe(kind: "http" | "tcp"): ImportedProbe {
  const d = VARNISH_PROBE_DEFAULTS;
  const probe: ImportedProbe = {
    kind,
    intervalMs: d.intervalMs,
    timeoutMs: d.timeoutMs,
    window: d.window,
    threshold: d.threshold,
    initial: d.threshold - 1,
  };
  if (kind === "http") Object.assign(probe, { path: "/", method: "GET", expectedStatus: d.expectedStatus });
  return probe;
}

export class Notes {
  readonly list: ImportNote[] = [];
  info(line: number, message: string, column?: number): void {
    this.add("info", line, message, column);
  }
  warn(line: number, message: string, column?: number): void {
    this.add("warning", line, message, column);
  }
  error(line: number, message: string, column?: number): void {
    this.add("error", line, message, column);
  }
  private add(level: ImportNote["level"], line: number, message: string, column?: number): void {
    this.list.push(column === undefined ? { level, line, message } : { level, line, column, message });
  }
}

export interface HostPort {
  host: string;
  port?: number;
}

/**
 * Splits `host:port`, `[v6]:port`, `[v6]` or `host`. A bare IPv6 address (several colons, no
 * brackets) is a host without port unless `lastColonIsPort` (HAProxy's reading) is set.
 * Returns null when the port is not a number in 1..65535.
 */
export function splitHostPort(text: string, lastColonIsPort = false): HostPort | null {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1], bracketed[2]);
  const colons = text.split(":").length - 1;
  if (colons === 0) return { host: text };
  if (colons > 1 && !lastColonIsPort) return { host: text };
  const at = text.lastIndexOf(":");
  return withPort(text.slice(0, at), text.slice(at + 1));
}

function withPort(host: string, portText: string | undefined): HostPort | null {
  if (portText === undefined) return { host };
  const port = parsePort(portText);
  return port === null ? null : { host, port };
}

export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** `host:port`, bracketing IPv6 literals so the port stays unambiguous. */
export function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Appends to the list stored under `key` (in place: large configs make copying quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `a, b, c` for note messages, shortened when a group is very large. */
export function listNames(names: readonly string[], max = 20): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}
