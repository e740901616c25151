// HAProxy `log-format` strings (default: `option httplog`). Lines may carry a syslog header.
// HAProxy's own messages in the same log (server state changes, ...) are notices: haproxy-notices.ts.
// Time zone: the accept date (`%t`, `%tr`) is HAProxy's local time without a zone. We read it as
// UTC unless the syslog header carries an RFC 5424 / RFC 3339 offset, which is then applied.

import {
  compileTextFormat, detailOnly, runTextFormat, type DetailApply, type FieldApply, type FieldSpec, type FormatPiece, type TextFormatOptions,
} from "@/lib/ingest/formats/engine";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { readHaproxyNotice } from "@/lib/ingest/formats/haproxy-notices";
import { missingEssentials, newRequest, NO_EVIDENCE } from "@/lib/ingest/formats/request";
import { contentEnd, isDash, parseIntSpan } from "@/lib/ingest/formats/scan";
import {
  backendSink, bytesSink, clfTimeSink, clientSink, durationSink, epochTimeSink, ignoreField, methodSink, pathSink,
  protocolSink, requestLineSink, SAMPLE_CLF_TIME, SAMPLE_REQUEST_LINE, statusSink, valueOrUndefined,
} from "@/lib/ingest/formats/sinks";
import { SyslogHeaderReader } from "@/lib/ingest/formats/syslog";
import type { CompiledParser, HaproxyTimers, ParsedRequest, ParseOutcome, RequestEvidence } from "@/lib/ingest/types";

export const HAPROXY_HTTPLOG_FORMAT =
  "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
export const HAPROXY_HTTPSLOG_FORMAT = `${HAPROXY_HTTPLOG_FORMAT} %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed] %[ssl_fc_sni]/%sslv/%sslc`;

const SAMPLE_ACCEPT_DATE = "06/Feb/2009:12:14:14.655";

type FieldDef = Pick<FieldSpec, "apply" | "detail" | "sample" | "optionalBraced" | "beforePort">;

const NOT_A_TIMER = "is not a timer";

/** The line's evidence, made on first write: lines whose evidence is not wanted never make one. */
function evidenceOf(request: ParsedRequest): RequestEvidence {
  if (request.evidence === NO_EVIDENCE) request.evidence = { haproxyTermination: undefined, haproxyServer: undefined, haproxyTimers: undefined };
  return request.evidence;
}

/** All timer keys up front: one object shape for every line. */
function timersOf(request: ParsedRequest): HaproxyTimers {
  return (evidenceOf(request).haproxyTimers ??= { TR: undefined, Tw: undefined, Tc: undefined, Tr: undefined, Ta: undefined, Tt: undefined });
}


// A timer is read twice: `apply` checks it and fills the request's durations on every line; the
// evidence copy (`detail`) is only made for 5xx. One function per timer (not
// `timers[key] = value`) keeps each store site monomorphic.
const connectMs = durationSink("upstreamConnectMs", "ms");
const headerMs = durationSink("upstreamHeaderMs", "ms");
const activeMs = durationSink("totalMs", "ms");
const checkTimer: FieldApply = (_request, line, start, end) => (Number.isNaN(parseIntSpan(line, start, end)) ? NOT_A_TIMER : undefined);
const timerFields: Record<keyof HaproxyTimers, FieldDef> = {
  TR: {
    apply: checkTimer,
    detail: (request, line, start, end) => {
      timersOf(request).TR = parseIntSpan(line, start, end);
      return undefined;
    },
  },
  Tw: {
    apply: checkTimer,
    detail: (request, line, start, end) => {
      timersOf(request).Tw = parseIntSpan(line, start, end);
      return undefined;
    },
  },
  Tc: {
    apply: (request, line, start, end) => checkTimer(request, line, start, end) ?? connectMs(request, line, start, end),
    detail: (request, line, start, end) => {
      timersOf(request).Tc = parseIntSpan(line, start, end);
      return undefined;
    },
  },
  Tr: {
    apply: (request, line, start, end) => checkTimer(request, line, start, end) ?? headerMs(request, line, start, end),
    detail: (request, line, start, end) => {
      timersOf(request).Tr = parseIntSpan(line, start, end);
      return undefined;
    },
  },
  Ta: {
    apply: (request, line, start, end) => checkTimer(request, line, start, end) ?? activeMs(request, line, start, end),
    detail: (request, line, start, end) => {
      timersOf(request).Ta = parseIntSpan(line, start, end);
      return undefined;
    },
  },
  // %Tt (total session time) stands in for %Ta only when the format has no %Ta.
  Tt: {
    apply: (request, line, start, end) =>
      checkTimer(request, line, start, end) ?? (request.totalMs === undefined ? activeMs(request, line, start, end) : undefined),
    detail: (request, line, start, end) => {
      timersOf(request).Tt = parseIntSpan(line, start, end);
      return undefined;
    },
  },
};

const serverDetail: DetailApply = (request, line, start, end) => {
  evidenceOf(request).haproxyServer = line.slice(start, end);
  return undefined;
};
const checkTermination: FieldApply = (_request, _line, start, end) =>
  end - start < 2 || end - start > 4 ? "is not a termination state" : undefined;
const terminationDetail: DetailApply = (request, line, start, end) => {
  evidenceOf(request).haproxyTermination = line.slice(start, end);
  return undefined;
};
/** Only a value that says something: `-` (nothing logged) keeps what another fetch told. */
const connErrorDetail: DetailApply = (request, line, start, end) => {
  if (end > start && !isDash(line, start, end)) evidenceOf(request).haproxyConnError = line.slice(start, end);
  return undefined;
};
const sslErrorDetail: DetailApply = (request, line, start, end) => {
  evidenceOf(request).haproxySslError = line.slice(start, end);
  return undefined;
};

/**
 * Sample fetches we read (the rest are read past): the server-side connection error, which is
 * what tells a failed TLS handshake from a refused connection (both end `SC`). Quote the text
 * ones (`%{+Q}[bc_err_str]`): they hold spaces.
 * https://docs.haproxy.org/2.8/configuration.html#7.3.3-bc_err_str
 */
function sampleFetch(expression: string): FieldDef {
  switch (expression) {
    case "bc_err_str": case "ssl_bc_err_str": return detailOnly(connErrorDetail);
    case "ssl_bc_err": return detailOnly(sslErrorDetail);
    default: return { apply: ignoreField };
  }
}

const serverAddrSink: FieldApply = (request, line, start, end) => {
  request.upstreamAddr = valueOrUndefined(line, start, end);
  return undefined;
};

function variable(name: string): FieldDef | undefined {
  switch (name) {
    case "ci": return { ...detailOnly(clientSink), beforePort: true };
    case "fi": case "bi": return { apply: ignoreField, beforePort: true };
    case "si": return { apply: serverAddrSink, beforePort: true };
    case "cp": case "fp": case "bp": case "sp": case "ms": case "ft": case "f": case "H": case "pid": case "rt": case "lc":
    case "ID": case "sslv": case "sslc": case "U": case "CC": case "CS": case "HQ": case "rc": case "HPO": case "Tl": case "hrl": case "hsl":
      return name === "Tl" ? { apply: clfTimeSink(), sample: SAMPLE_CLF_TIME } : { apply: ignoreField };
    case "t": case "tr": return { apply: clfTimeSink(), sample: SAMPLE_ACCEPT_DATE };
    case "trg": case "trl": case "T": return { apply: clfTimeSink(), sample: SAMPLE_CLF_TIME };
    case "Ts": return { apply: epochTimeSink(1000) };
    case "b": return { apply: backendSink() };
    case "s": return detailOnly(serverDetail);
    case "TR": case "Tq": return timerFields.TR;
    case "Tw": case "Tc": case "Tr": case "Ta": case "Tt": return timerFields[name];
    case "Th": case "Ti": case "Td": return { apply: ignoreField };
    case "ST": return { apply: statusSink };
    case "B": return { apply: bytesSink };
    case "tsc": case "ts": return { apply: checkTermination, detail: terminationDetail };
    case "ac": case "fc": case "bc": case "sc": case "sq": case "bq": return { apply: ignoreField };
    case "hr": case "hs": return { apply: ignoreField, optionalBraced: true };
    case "r": return { ...detailOnly(requestLineSink(false)), sample: SAMPLE_REQUEST_LINE };
    case "HM": return detailOnly(methodSink);
    case "HP": case "HU": return detailOnly(pathSink);
    case "HV": return detailOnly(protocolSink);
    default: return undefined;
  }
}

/** `%{+Q}` style flags: Q quotes the value, E escapes it, X prints numbers in hex (left opaque). */
function readFlags(flags: string, position: number): { quoted: boolean; hex: boolean } {
  let quoted = false;
  let hex = false;
  for (let i = 0; i < flags.length; i += 2) {
    const sign = flags[i];
    const flag = flags[i + 1];
    if ((sign !== "+" && sign !== "-") || !"QXE".includes(flag ?? "_")) throw new FormatError("haproxy", `%{${flags}}`, position, "unknown flag in");
    if (flag === "Q") quoted = sign === "+";
    if (flag === "X") hex = sign === "+";
  }
  return { quoted, hex };
}

function tokenize(format: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let literal = "";
  const flushLiteral = (): void => {
    // HAProxy never writes two separators in a row.
    if (literal) pieces.push({ literal: literal.replace(/ {2,}/g, " ") });
    literal = "";
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === "\\" && i + 1 < format.length) {
      literal += format[++i];
      continue;
    }
    if (ch !== "%") {
      literal += ch;
      continue;
    }
    if (format[i + 1] === "%") {
      literal += "%";
      i++;
      continue;
    }
    const position = i;
    let flags = { quoted: false, hex: false };
    let j = i + 1;
    if (format[j] === "{") {
      const close = format.indexOf("}", j);
      if (close < 0) throw new FormatError("haproxy", format.slice(i, i + 12), position, "unterminated specifier");
      flags = readFlags(format.slice(j + 1, close), position);
      j = close + 1;
    }
    let def: FieldDef | undefined;
    let written: string;
    if (format[j] === "[") {
      let depth = 0;
      let k = j;
      for (; k < format.length; k++) {
        if (format[k] === "[") depth++;
        else if (format[k] === "]" && --depth === 0) break;
      }
      if (k >= format.length) throw new FormatError("haproxy", format.slice(i, i + 16), position, "unterminated sample fetch");
      written = format.slice(i, k + 1);
      def = sampleFetch(format.slice(j + 1, k).trim());
      j = k + 1;
    } else {
      let k = j;
      while (k < format.length && /[A-Za-z]/.test(format[k])) k++;
      written = format.slice(i, Math.max(k, j + 1));
      def = k > j ? variable(format.slice(j, k)) : undefined;
      if (!def) throw new FormatError("haproxy", written, position);
      j = k;
    }
    if (flags.hex) def = { ...def, apply: ignoreField, detail: undefined };
    if (flags.quoted) literal += '"';
    flushLiteral();
    pieces.push({ field: { label: written, position, ...def } });
    if (flags.quoted) literal += '"';
    i = j - 1;
  }
  flushLiteral();
  return pieces;
}

function resolveFormat(format: string | undefined): string {
  const trimmed = format?.trim().replace(/^option\s+/, "") ?? "";
  if (trimmed === "" || trimmed === "httplog") return HAPROXY_HTTPLOG_FORMAT;
  if (trimmed === "httpslog") return HAPROXY_HTTPSLOG_FORMAT;
  return format ?? "";
}

export function compileHaproxyFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  const compiled = compileTextFormat("haproxy", tokenize(resolveFormat(format)), options);
  const syslog = new SyslogHeaderReader();
  return {
    kind: "haproxy",
    parse(line: string): ParseOutcome {
      const end = contentEnd(line);
      const header = syslog.read(line, end);
      const request = newRequest(NO_EVIDENCE);
      const problem = runTextFormat(compiled, line, header.messageStart, end, request) ?? missingEssentials(request);
      if (problem !== undefined) {
        // Only lines that are not access lines are looked at again: the hot path pays nothing.
        const notice = readHaproxyNotice(line, header.messageStart, end, header.timeMs);
        return notice === undefined ? { ok: false, reason: problem } : { ok: true, kind: "notice", notice };
      }
      if (request.utcOffsetMin === undefined && header.offsetMin !== undefined) {
        request.time -= header.offsetMin * 60_000;
        request.utcOffsetMin = header.offsetMin;
      }
      return { ok: true, kind: "request", request };
    },
  };
}
