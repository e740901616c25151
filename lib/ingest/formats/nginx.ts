// nginx `log_format` strings: `$variables` (or `${variables}`) between literals. Every variable
// is accepted; the ones below are interpreted, the rest are read and dropped. Error-log lines
// fed to the same parser are recognised by their shape and returned as evidence.

import {
  compileTextFormat, detailOnly, runTextFormat, withDetail, type DetailApply, type FieldApply, type FieldSpec, type FormatPiece, type TextFormatOptions,
} from "@/lib/ingest/formats/engine";
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

function newNginxEvidence(): RequestEvidence {
  return {
    nginxUpstreamStatus: undefined,
    nginxUpstreamStatuses: undefined,
    nginxUpstreamAddr: undefined,
    nginxUpstreamConnectTime: undefined,
    nginxUpstreamHeaderTime: undefined,
  };
}

/** The line's evidence, made on first write: lines whose evidence is not wanted never make one. */
function evidenceOf(request: ParsedRequest): RequestEvidence {
  if (request.evidence === NO_EVIDENCE) request.evidence = newNginxEvidence();
  return request.evidence;
}

/** `$upstream_addr`: the last address (interned: it may name the backend). */
export function upstreamAddrSink(): FieldApply {
  const interner = new ValueInterner();
  return (request, line, start, end) => {
    // One upstream (no space inside) is the common case: the value is the last address.
    const space = line.indexOf(" ", start);
    const last = space < 0 || space >= end ? start : lastAddressStart(line, start, end);
    request.upstreamAddr = end > last && !isDash(line, last, end) ? interner.get(line, last, end) : undefined;
    return undefined;
  };
}
/** `$upstream_addr` raw, every attempt, into the evidence (after upstreamAddrSink). */
export const upstreamAddrDetail: DetailApply = (request, line, start, end) => {
  const space = line.indexOf(" ", start);
  const single = space < 0 || space >= end;
  evidenceOf(request).nginxUpstreamAddr = single && request.upstreamAddr !== undefined ? request.upstreamAddr : line.slice(start, end);
  return undefined;
};
export const upstreamStatusDetail: DetailApply = (request, line, start, end) => {
  const evidence = evidenceOf(request);
  evidence.nginxUpstreamStatus = line.slice(start, end);
  evidence.nginxUpstreamStatuses = parseUpstreamStatuses(line, start, end);
  return undefined;
};
export const connectTimeDetail: DetailApply = (request, line, start, end) => {
  evidenceOf(request).nginxUpstreamConnectTime = line.slice(start, end);
  return undefined;
};
export const headerTimeDetail: DetailApply = (request, line, start, end) => {
  evidenceOf(request).nginxUpstreamHeaderTime = line.slice(start, end);
  return undefined;
};
/** The upstream variables as one sink each, value and evidence together (JSON lines read them so). */
export function upstreamSinks() {
  return {
    upstreamAddr: withDetail(upstreamAddrSink(), upstreamAddrDetail),
    upstreamConnectTime: withDetail(connectTime, connectTimeDetail),
    upstreamHeaderTime: withDetail(headerTime, headerTimeDetail),
  } satisfies Record<string, FieldApply>;
}
const handlingSink: FieldApply = (request, line, start, end) => {
  request.handling = handlingFromNginx(line, start, end);
  return undefined;
};
/** `$bytes_sent` includes headers: used only when `$body_bytes_sent` is not logged. */
const bytesIfUnset: FieldApply = (request, line, start, end) =>
  request.bytes === undefined ? bytesSink(request, line, start, end) : undefined;
const uriIfUnset: DetailApply = (request, line, start, end) => (request.path === undefined ? pathSink(request, line, start, end) : undefined);

type FieldDef = Pick<FieldSpec, "apply" | "detail" | "sample" | "multiValued">;


function knownVariable(name: string): FieldDef | undefined {
  switch (name) {
    case "remote_addr": return detailOnly(clientSink);
    case "time_local": return { apply: clfTimeSink(), sample: SAMPLE_CLF_TIME };
    case "time_iso8601": return { apply: isoTimeSink() };
    case "msec": return { apply: epochTimeSink(1000) };
    case "request": return { ...detailOnly(requestLineSink(false)), sample: SAMPLE_REQUEST_LINE };
    case "request_method": return detailOnly(methodSink);
    case "request_uri": return detailOnly(pathSink);
    case "uri":
    case "document_uri": return detailOnly(uriIfUnset);
    case "server_protocol": return detailOnly(protocolSink);
    case "status": return { apply: statusSink };
    case "body_bytes_sent": return { apply: bytesSink };
    case "bytes_sent": return { apply: bytesIfUnset };
    case "request_time": return { apply: durationSink("totalMs", "s") };
    case "upstream_addr": return { apply: upstreamAddrSink(), detail: upstreamAddrDetail, multiValued: true };
    case "upstream_status": return { ...detailOnly(upstreamStatusDetail), multiValued: true };
    case "upstream_connect_time": return { apply: connectTime, detail: connectTimeDetail, multiValued: true };
    case "upstream_header_time": return { apply: headerTime, detail: headerTimeDetail, multiValued: true };
    case "upstream_response_time": return { apply: durationSink("upstreamResponseMs", "s", true), multiValued: true };
    case "upstream_cache_status": return { apply: handlingSink };
    case "proxy_host": return { apply: backendSink() };
    default: return undefined;
  }
}

function isNameChar(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "_";
}

function tokenize(format: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
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
    const label = format.slice(i, format[i + 1] === "{" ? nameEnd + 1 : nameEnd);
    pieces.push({ field: { label, position: i, ...def } });
    i = (format[i + 1] === "{" ? nameEnd + 1 : nameEnd) - 1;
  }
  if (literal) pieces.push({ literal });
  return pieces;
}

function resolveFormat(format: string | undefined): string {
  const trimmed = format?.trim() ?? "";
  if (trimmed === "" || trimmed === "combined") return NGINX_COMBINED_FORMAT;
  if (trimmed === "main") return NGINX_MAIN_FORMAT;
  return format ?? "";
}

export function compileNginxFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  const compiled = compileTextFormat("nginx", tokenize(resolveFormat(format)), options);
  return {
    kind: "nginx",
    parse(line: string): ParseOutcome {
      const end = contentEnd(line);
      if (looksLikeNginxErrorLine(line)) return parseNginxErrorLine(line, end);
      const request = newRequest(NO_EVIDENCE);
      const problem = runTextFormat(compiled, line, 0, end, request) ?? missingEssentials(request);
      if (problem !== undefined) return { ok: false, reason: problem };
      if (request.backend === undefined && request.upstreamAddr !== undefined) {
        request.backend = request.upstreamAddr;
        request.backendIsAddress = true;
      }
      return { ok: true, kind: "request", request };
    },
  };
}
