// nginx `log_format` strings: `$variables` (or `${variables}`) between literals. Every variable
// is accepted; the ones below are interpreted, the rest are read and dropped. Error-log lines
// fed to the same parser are recognised by their shape and returned as evidence.

import { compileTextFormat, runTextFormat, type FieldApply, type FieldSpec, type FormatPiece } from "@/lib/ingest/formats/engine";
import { looksLikeNginxErrorLine, parseNginxErrorLine } from "@/lib/ingest/formats/nginx-errorlog";
import { ValueInterner } from "@/lib/ingest/formats/intern";
import { handlingFromNginx, missingEssentials, newRequest, NO_EVIDENCE } from "@/lib/ingest/formats/request";
import { contentEnd, isDash, lastAddressStart, parseUpstreamStatuses } from "@/lib/ingest/formats/scan";
import {
  backendSink, bytesSink, clfTimeSink, clientSink, durationSink, epochTimeSink, ignoreField, isoTimeSink, methodSink,
  pathSink, protocolSink, requestLineSink, SAMPLE_CLF_TIME, SAMPLE_REQUEST_LINE, statusSink,
} from "@/lib/ingest/formats/sinks";
import type { CompiledParser, ParsedRequest, ParseOutcome, RequestEvidence } from "@/lib/ingest/types";

export const NGINX_COMBINED_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
/** The `main` format of nginx's stock nginx.conf. */
export const NGINX_MAIN_FORMAT = `${NGINX_COMBINED_FORMAT} "$http_x_forwarded_for"`;

const connectTime = durationSink("upstreamConnectMs", "s", true);
const headerTime = durationSink("upstreamHeaderMs", "s", true);

/**
 * Evidence is only read for 5xx (causes, the error-log join, samples). Once the status, which
 * formats log before the upstream variables, says the line is not one, its evidence strings
 * are not made at all: on typical traffic that skips four substrings and an array per line.
 */
const evidenceUnneeded = (request: ParsedRequest): boolean => request.status >= 0 && request.status < 500;

/** `$upstream_addr`: raw into the evidence, the last address (interned: it may name the backend). */
export function upstreamAddrSink(): FieldApply {
  const interner = new ValueInterner();
  return (request, line, start, end) => {
    // One upstream (no space inside) is the common case: the raw value is also the last address.
    const space = line.indexOf(" ", start);
    const single = space < 0 || space >= end;
    const last = single ? start : lastAddressStart(line, start, end);
    const address = end > last && !isDash(line, last, end) ? interner.get(line, last, end) : undefined;
    request.upstreamAddr = address;
    if (evidenceUnneeded(request)) return undefined;
    request.evidence.nginxUpstreamAddr = single && address !== undefined ? address : line.slice(start, end);
    return undefined;
  };
}
export const upstreamStatusSink: FieldApply = (request, line, start, end) => {
  if (evidenceUnneeded(request)) return undefined;
  request.evidence.nginxUpstreamStatus = line.slice(start, end);
  request.evidence.nginxUpstreamStatuses = parseUpstreamStatuses(line, start, end);
  return undefined;
};
export const connectTimeSink: FieldApply = (request, line, start, end) => {
  if (!evidenceUnneeded(request)) request.evidence.nginxUpstreamConnectTime = line.slice(start, end);
  return connectTime(request, line, start, end);
};
export const headerTimeSink: FieldApply = (request, line, start, end) => {
  if (!evidenceUnneeded(request)) request.evidence.nginxUpstreamHeaderTime = line.slice(start, end);
  return headerTime(request, line, start, end);
};
const handlingSink: FieldApply = (request, line, start, end) => {
  request.handling = handlingFromNginx(line, start, end);
  return undefined;
};
/** `$bytes_sent` includes headers: used only when `$body_bytes_sent` is not logged. */
const bytesIfUnset: FieldApply = (request, line, start, end) =>
  request.bytes === undefined ? bytesSink(request, line, start, end) : undefined;
const uriIfUnset: FieldApply = (request, line, start, end) => (request.path === undefined ? pathSink(request, line, start, end) : undefined);

type FieldDef = Pick<FieldSpec, "apply" | "sample" | "multiValued"> & { evidence?: boolean };

function knownVariable(name: string): FieldDef | undefined {
  switch (name) {
    case "remote_addr": return { apply: clientSink };
    case "time_local": return { apply: clfTimeSink(), sample: SAMPLE_CLF_TIME };
    case "time_iso8601": return { apply: isoTimeSink() };
    case "msec": return { apply: epochTimeSink(1000) };
    case "request": return { apply: requestLineSink(false), sample: SAMPLE_REQUEST_LINE };
    case "request_method": return { apply: methodSink };
    case "request_uri": return { apply: pathSink };
    case "uri":
    case "document_uri": return { apply: uriIfUnset };
    case "server_protocol": return { apply: protocolSink };
    case "status": return { apply: statusSink };
    case "body_bytes_sent": return { apply: bytesSink };
    case "bytes_sent": return { apply: bytesIfUnset };
    case "request_time": return { apply: durationSink("totalMs", "s") };
    case "upstream_addr": return { apply: upstreamAddrSink(), multiValued: true, evidence: true };
    case "upstream_status": return { apply: upstreamStatusSink, multiValued: true, evidence: true };
    case "upstream_connect_time": return { apply: connectTimeSink, multiValued: true, evidence: true };
    case "upstream_header_time": return { apply: headerTimeSink, multiValued: true, evidence: true };
    case "upstream_response_time": return { apply: durationSink("upstreamResponseMs", "s", true), multiValued: true };
    case "upstream_cache_status": return { apply: handlingSink };
    case "proxy_host": return { apply: backendSink() };
    default: return undefined;
  }
}

function isNameChar(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "_";
}

function tokenize(format: string): { pieces: FormatPiece[]; logsEvidence: boolean } {
  const pieces: FormatPiece[] = [];
  let logsEvidence = false;
  let literal = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    let nameStart = i + 1;
    let nameEnd = nameStart;
    if (ch === "$" && format[i + 1] === "{") {
      nameStart = i + 2;
      nameEnd = format.indexOf("}", nameStart);
      if (nameEnd < 0) nameEnd = nameStart; // unterminated: literal "$"
    } else if (ch === "$") {
      while (nameEnd < format.length && isNameChar(format[nameEnd])) nameEnd++;
    }
    const name = format.slice(nameStart, nameEnd);
    if (ch !== "$" || name.length === 0 || ![...name].every(isNameChar)) {
      literal += ch; // nginx itself treats a `$` without a name as text
      continue;
    }
    const def = knownVariable(name) ?? { apply: ignoreField };
    if (literal) pieces.push({ literal });
    literal = "";
    logsEvidence ||= def.evidence === true;
    const label = format.slice(i, format[i + 1] === "{" ? nameEnd + 1 : nameEnd);
    pieces.push({ field: { label, position: i, apply: def.apply, sample: def.sample, multiValued: def.multiValued } });
    i = (format[i + 1] === "{" ? nameEnd + 1 : nameEnd) - 1;
  }
  if (literal) pieces.push({ literal });
  return { pieces, logsEvidence };
}

function resolveFormat(format: string | undefined): string {
  const trimmed = format?.trim() ?? "";
  if (trimmed === "" || trimmed === "combined") return NGINX_COMBINED_FORMAT;
  if (trimmed === "main") return NGINX_MAIN_FORMAT;
  return format ?? "";
}

function newNginxEvidence(): RequestEvidence {
  return {
    nginxUpstreamStatus: undefined,
    nginxUpstreamStatuses: undefined,
    nginxUpstreamAddr: undefined,
    nginxUpstreamConnectTime: undefined,
    nginxUpstreamHeaderTime: undefined,
  };
}

export function compileNginxFormat(format?: string): CompiledParser {
  const { pieces, logsEvidence } = tokenize(resolveFormat(format));
  const compiled = compileTextFormat("nginx", pieces);
  return {
    kind: "nginx",
    parse(line: string): ParseOutcome {
      const end = contentEnd(line);
      if (looksLikeNginxErrorLine(line)) return parseNginxErrorLine(line, end);
      const request = newRequest(logsEvidence ? newNginxEvidence() : NO_EVIDENCE);
      const problem = runTextFormat(compiled, line, 0, end, request) ?? missingEssentials(request);
      if (problem !== undefined) return { ok: false, reason: problem };
      if (request.backend === undefined) request.backend = request.upstreamAddr;
      return { ok: true, kind: "request", request };
    },
  };
}
