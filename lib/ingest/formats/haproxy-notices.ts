// HAProxy's own messages, which share its log with the access lines (`log stdout`, syslog):
//   Server down/sick1 is DOWN, reason: Layer7 wrong status, code: 500, ...
//   Server app/web1 is UP, reason: Layer7 check passed, ...   (also `('fqdn') is UP/READY ...`)
//   Server app/web1 is going DOWN for maintenance. / was DOWN and now enters maintenance ...
//   backend down has no server available!   (`proxy NAME ...` for a `listen` section)
//   Proxy web started. / Proxy web stopped (cumulated conns: ...). / Stopping backend app in 0 ms.
//   Health check for server app/web1 failed, reason: ...   (option log-health-checks)
// and, when stderr is shipped too (docker logs), any of them after `[WARNING]  (8) : `.
// They are accepted as notices, never counted as requests. Recognised by fixed prefixes and
// substring checks only (no regex), and only after a line failed to parse as an access line,
// so access lines pay nothing for it.

import { NOTICE_MESSAGE_LIMIT, type ProxyNotice, type ServerState } from "@/lib/ingest/types";

/** `line` holds `text` at `at` (String#startsWith with a position is slower in V8). */
function startsAt(line: string, at: number, text: string): boolean {
  if (at + text.length > line.length) return false;
  for (let i = 0; i < text.length; i++) if (line.charCodeAt(at + i) !== text.charCodeAt(i)) return false;
  return true;
}

const STDERR_LEVELS = ["[NOTICE]", "[WARNING]", "[ALERT]"];
const PROXY_PREFIXES = ["Stopping proxy ", "Stopping frontend ", "Stopping backend ", "Pausing proxy ", "Pausing frontend ", "Resuming proxy ", "Resuming frontend "];
const PROXY_VERBS = ["started", "stopped", "reached", "failed"];
const CHECK_PREFIXES = ["Health check for server ", "Health check for backup server ", "Agent check for server ", "Agent check for backup server "];

/** `end` of the name that starts at `at`: names never contain spaces. */
function nameEnd(line: string, at: number, end: number): number {
  const space = line.indexOf(" ", at);
  return space < 0 || space > end ? end : space;
}

/** `be/srv` at [at, stop): fills backend and server; false when it is not that shape. */
function readServerName(line: string, at: number, stop: number, notice: ProxyNotice): boolean {
  const slash = line.indexOf("/", at);
  if (slash <= at || slash >= stop - 1) return false;
  notice.backend = line.slice(at, slash);
  notice.server = line.slice(slash + 1, stop);
  return true;
}

function serverState(message: string): ServerState | undefined {
  if (message.includes(" is DOWN")) return "DOWN";
  if (message.includes(" is UP")) return "UP";
  if (message.includes("maintenance")) return "MAINT";
  if (message.includes("drain") || message.includes("DRAIN")) return "DRAIN";
  return undefined;
}

/** Classifies the message text at [at, end); undefined when it is none of HAProxy's shapes. */
function readMessage(line: string, at: number, end: number, notice: ProxyNotice): boolean {
  if (startsAt(line, at, "Server ")) {
    const from = at + 7;
    if (!readServerName(line, from, nameEnd(line, from, end), notice)) return false;
    notice.state = serverState(notice.message);
    return true;
  }
  for (const prefix of CHECK_PREFIXES) {
    if (!startsAt(line, at, prefix)) continue;
    const from = at + prefix.length;
    let stop = nameEnd(line, from, end);
    if (line.charCodeAt(stop - 1) === 44) stop--; // "be/srv failed," vs "be/srv, ..."
    return readServerName(line, from, stop, notice);
  }
  if (startsAt(line, at, "backend ") || startsAt(line, at, "proxy ")) {
    const from = line.indexOf(" ", at) + 1;
    const stop = nameEnd(line, from, end);
    if (stop <= from || !startsAt(line, stop, " has no server available!")) return false;
    notice.backend = line.slice(from, stop);
    return true;
  }
  if (startsAt(line, at, "Proxy ")) {
    const stop = nameEnd(line, at + 6, end);
    return stop < end && PROXY_VERBS.some((verb) => startsAt(line, stop + 1, verb));
  }
  return PROXY_PREFIXES.some((prefix) => startsAt(line, at, prefix));
}

/**
 * The notice in `line[start, end)` (start: after any syslog header), or undefined when the text
 * is not one of HAProxy's own messages.
 */
export function readHaproxyNotice(line: string, start: number, end: number, timeMs: number): ProxyNotice | undefined {
  let at = start;
  if (line.charCodeAt(at) === 60) {
    // `log ... format short` / `priority`: only `<PRI>` before the message.
    const close = line.indexOf(">", at + 1);
    if (close < at + 2 || close > at + 4) return undefined;
    at = close + 1;
  }
  if (line.charCodeAt(at) === 91) {
    // stderr: `[WARNING]  (8) : message` (2.x) or `[WARNING] 123/120000 (8) : message` (1.x).
    const level = STDERR_LEVELS.find((candidate) => startsAt(line, at, candidate));
    if (level === undefined) return undefined;
    const separator = line.indexOf(" : ", at + level.length);
    at = separator < 0 || separator > at + 64 || separator + 3 > end ? at + level.length : separator + 3;
    while (at < end && line.charCodeAt(at) === 32) at++;
    if (at >= end) return undefined;
    const notice: ProxyNotice = { time: undefined, message: line.slice(at, Math.min(end, at + NOTICE_MESSAGE_LIMIT)) };
    readMessage(line, at, end, notice); // any message of these levels is HAProxy's own
    return withTime(notice, timeMs);
  }
  const notice: ProxyNotice = { time: undefined, message: line.slice(at, Math.min(end, at + NOTICE_MESSAGE_LIMIT)) };
  return readMessage(line, at, end, notice) ? withTime(notice, timeMs) : undefined;
}

function withTime(notice: ProxyNotice, timeMs: number): ProxyNotice {
  if (!Number.isNaN(timeMs)) notice.time = timeMs;
  return notice;
}
