// nginx error-log lines:
//   2024/01/15 10:23:45 [error] 1234#1234: *5678 MESSAGE while ACTION, client: 10.0.0.1,
//   server: example.com, request: "GET /api HTTP/1.1", upstream: "http://10.0.0.2:8080/api", host: "example.com"
// They come in the same stream as (or next to) the access log and explain its 5xx lines.

import { causeFromNginxError } from "@/lib/ingest/cause-rules/nginx";
import { parseIntSpan } from "@/lib/ingest/formats/scan";
import { parseSlashDateTime } from "@/lib/ingest/formats/time";
import { NOTICE_MESSAGE_LIMIT, type NginxErrorEvidence, type ParseOutcome } from "@/lib/ingest/types";

/** Cheap shape test: `YYYY/MM/DD HH:MM:SS [`. */
export function looksLikeNginxErrorLine(line: string): boolean {
  const c0 = line.charCodeAt(0);
  return (
    c0 >= 48 && c0 <= 57 &&
    line.charCodeAt(4) === 47 && line.charCodeAt(7) === 47 && line.charCodeAt(10) === 32 &&
    line.charCodeAt(13) === 58 && line.charCodeAt(19) === 32 && line.charCodeAt(20) === 91
  );
}

/**
 * `http://10.0.0.2:8080/api` → `10.0.0.2:8080`, `fastcgi://unix:/run/php.sock:` → `unix:/run/php.sock`,
 * `http://backend/api` → `backend`: the form `$upstream_addr` logs, so both logs can be matched.
 */
export function upstreamAddrFromUrl(upstream: string): string {
  const scheme = upstream.indexOf("://");
  const rest = scheme >= 0 ? upstream.slice(scheme + 3) : upstream;
  if (rest.startsWith("unix:")) {
    const end = rest.indexOf(":", 5);
    return end > 0 ? rest.slice(0, end) : rest;
  }
  const slash = rest.indexOf("/");
  return slash >= 0 ? rest.slice(0, slash) : rest;
}

export function parseNginxErrorLine(line: string, end: number): ParseOutcome {
  const time = parseSlashDateTime(line, 0);
  if (Number.isNaN(time)) return { ok: false, reason: "error-log line has an invalid date" };
  const levelEnd = line.indexOf("] ", 21);
  if (levelEnd < 0 || levelEnd > 40) return { ok: false, reason: "error-log line has no [level]" };
  const level = line.slice(21, levelEnd);
  let pos = levelEnd + 2;
  const hash = line.indexOf("#", pos);
  const colon = line.indexOf(": ", pos);
  if (hash < 0 || colon < 0 || hash > colon || colon - pos > 48) return { ok: false, reason: "error-log line has no PID#TID:" };
  const pid = parseIntSpan(line, pos, hash);
  pos = colon + 2;
  let connectionId: number | undefined;
  if (line.charCodeAt(pos) === 42) {
    const space = line.indexOf(" ", pos);
    if (space > pos) {
      connectionId = parseIntSpan(line, pos + 1, space);
      pos = space + 1;
    }
  }
  const context = line.indexOf(", client: ", pos);
  const messageEnd = context >= 0 && context < end ? context : end;
  const whileAt = line.indexOf(" while ", pos);
  const hasAction = whileAt >= 0 && whileAt < messageEnd;
  const message = line.slice(pos, hasAction ? whileAt : messageEnd);
  const action = hasAction ? line.slice(whileAt + 7, messageEnd) : undefined;
  const evidence: NginxErrorEvidence = {
    time,
    level,
    pid: Number.isNaN(pid) ? undefined : pid,
    connectionId: connectionId === undefined || Number.isNaN(connectionId) ? undefined : connectionId,
    message,
    action,
    client: undefined,
    server: undefined,
    request: undefined,
    upstream: undefined,
    upstreamAddr: undefined,
    host: undefined,
    cause: causeFromNginxError(message, action),
  };
  readContext(line, messageEnd, end, evidence);
  if (evidence.upstream !== undefined) evidence.upstreamAddr = upstreamAddrFromUrl(evidence.upstream);
  // The resolver's own complaints (`... while resolving, resolver: 127.0.0.1:53`) belong to no
  // request: kept as a notice of the source, never joined or counted.
  if (evidence.client === undefined && action !== undefined && action.startsWith("resolving")) {
    return { ok: true, kind: "notice", notice: { time, message: line.slice(levelEnd + 2, end).slice(0, NOTICE_MESSAGE_LIMIT) } };
  }
  return { ok: true, kind: "evidence", evidence };
}

/** `, key: value` pairs; request/upstream/host/referrer values are double-quoted. */
function readContext(line: string, pos: number, end: number, evidence: NginxErrorEvidence): void {
  while (pos < end && line.startsWith(", ", pos)) {
    const keyEnd = line.indexOf(": ", pos + 2);
    if (keyEnd < 0 || keyEnd > end || keyEnd - pos > 24) return;
    const key = line.slice(pos + 2, keyEnd);
    let valueStart = keyEnd + 2;
    let valueEnd: number;
    let next: number;
    if (line.charCodeAt(valueStart) === 34) {
      valueStart++;
      const close = line.indexOf('", ', valueStart);
      valueEnd = close >= 0 && close < end ? close : line.charCodeAt(end - 1) === 34 ? end - 1 : end;
      next = valueEnd + 1;
    } else {
      const comma = line.indexOf(", ", valueStart);
      valueEnd = comma >= 0 && comma < end ? comma : end;
      next = valueEnd;
    }
    const value = line.slice(valueStart, valueEnd);
    if (key === "client") evidence.client = value;
    else if (key === "server") evidence.server = value;
    else if (key === "request") evidence.request = value;
    else if (key === "upstream") evidence.upstream = value;
    else if (key === "host") evidence.host = value;
    pos = next;
  }
}
