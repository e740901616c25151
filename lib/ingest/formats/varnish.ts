// varnishncsa `-F` formats. FetchError (the "why" of a Varnish 503) only exists in backend
// transactions, so it is logged with `varnishncsa -b` and `%{VSL:FetchError}x`. Which lines of a
// `-b -c` log count as requests: see varnish-sides.ts.

import {
  compileTextFormat, detailOnly, runTextFormat, type DetailApply, type FieldApply, type FormatPiece, type TextFormatOptions,
} from "@/lib/ingest/formats/engine";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { handlingAt, missingEssentials, newRequest, NO_EVIDENCE } from "@/lib/ingest/formats/request";
import { contentEnd } from "@/lib/ingest/formats/scan";
import {
  backendSink, bytesSink, clfTimeSink, clientSink, durationSink, epochTimeSink, ignoreField, methodSink, pathSink,
  protocolSink, requestLineSink, SAMPLE_CLF_TIME, SAMPLE_REQUEST_LINE, statusSink, strftimeSink, valueOrUndefined,
} from "@/lib/ingest/formats/sinks";
import { StrftimeError, StrftimeReader } from "@/lib/ingest/formats/strftime";
import { sideRule, uncountedWhy } from "@/lib/ingest/formats/varnish-sides";
import type { CompiledParser, ParsedRequest, ParseOutcome, RequestEvidence } from "@/lib/ingest/types";

export const VARNISHNCSA_DEFAULT_FORMAT = '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i"';

interface FieldDef {
  apply: FieldApply;
  /** Only 5xx lines need it: see FieldSpec.detail. */
  detail?: DetailApply;
  sample?: string;
  /** The field fills RequestEvidence, so lines need their own evidence object. */
  evidence?: boolean;
  /** `%{Varnish:side}x` / `%{Varnish:handling}x` (or `hitmiss`): they decide which lines count. */
  logs?: "side" | "handling";
}

const appendQuery: DetailApply = (request, line, start, end) => {
  if (end > start && !(end - start === 1 && line.charCodeAt(start) === 45)) request.path = (request.path ?? "") + line.slice(start, end);
  return undefined;
};
const totalSeconds = durationSink("totalMs", "s");
/** `%T` is whole seconds: `%D` (µs) wins when both are logged. */
const totalSecondsIfUnset: FieldApply = (request, line, start, end) =>
  request.totalMs === undefined ? totalSeconds(request, line, start, end) : undefined;
const handlingSink: FieldApply = (request, line, start, end) => {
  request.handling = handlingAt(line, start, end);
  return undefined;
};
/** `hit` or `miss` only: the finer `%{Varnish:handling}x` wins when a format logs both. */
const hitmissSink: FieldApply = (request, line, start, end) => {
  request.handling ??= handlingAt(line, start, end);
  return undefined;
};
const sideSink: FieldApply = (request, line, start, end) => {
  request.evidence.varnishSide = line.slice(start, end);
  return undefined;
};
const fetchErrorSink: FieldApply = (request, line, start, end) => {
  const text = line.slice(start, end);
  request.evidence.varnishFetchError = text;
  // 6.0+ names the backend: "backend boot.app: fail errno 111 (...)".
  if (request.backend === undefined && text.startsWith("backend ")) {
    const colon = text.indexOf(":", 8);
    if (colon > 8) request.backend = text.slice(8, colon);
  }
  return undefined;
};
const upstreamAddrSink: FieldApply = (request, line, start, end) => {
  request.upstreamAddr = valueOrUndefined(line, start, end);
  return undefined;
};

/** Single-letter specifiers; built per compile so each parser has its own time cache. */
function simpleField(letter: string): FieldDef | undefined {
  const fields: Record<string, FieldDef> = {
    b: { apply: bytesSink },
    D: { apply: durationSink("totalMs", "us") },
    H: detailOnly(protocolSink),
    h: detailOnly(clientSink),
    I: { apply: ignoreField },
    l: { apply: ignoreField },
    m: detailOnly(methodSink),
    O: { apply: bytesSink },
    q: detailOnly(appendQuery),
    r: { ...detailOnly(requestLineSink(true)), sample: SAMPLE_REQUEST_LINE },
    s: { apply: statusSink },
    t: { apply: clfTimeSink(), sample: `[${SAMPLE_CLF_TIME}]` },
    T: { apply: totalSecondsIfUnset },
    U: detailOnly(pathSink),
    u: { apply: ignoreField },
  };
  return Object.hasOwn(fields, letter) ? fields[letter] : undefined;
}

const VARNISH_X: Record<string, () => FieldDef> = {
  time_firstbyte: () => ({ apply: durationSink("firstByteMs", "s") }),
  hitmiss: () => ({ apply: hitmissSink, logs: "handling" }),
  handling: () => ({ apply: handlingSink, logs: "handling" }),
  side: () => ({ apply: sideSink, evidence: true, logs: "side" }),
  vxid: () => ({ apply: ignoreField }),
};

/** `%{VSL:Tag[:prefix][field]}x`: a few records carry what we need, the rest are kept opaque. */
function vslField(spec: string): FieldDef | undefined {
  const bracket = spec.indexOf("[");
  const head = bracket < 0 ? spec : spec.slice(0, bracket);
  if (bracket >= 0 && !/^\[\d+\]$/.test(spec.slice(bracket))) return undefined;
  const [tag, prefix, ...extra] = head.split(":");
  if (!/^[A-Za-z_]+$/.test(tag) || extra.length > 0 || prefix === "") return undefined;
  const fieldIndex = bracket < 0 ? "" : spec.slice(bracket);
  const key = `${tag.toLowerCase()}${prefix === undefined ? "" : `:${prefix.toLowerCase()}`}${fieldIndex}`;
  switch (key) {
    case "fetcherror":
      return { apply: fetchErrorSink, evidence: true, sample: "backend default: fail errno 111 (Connection refused)" };
    case "backendopen[2]":
      return { apply: backendSink() };
    case "backendopen[3]":
      return { apply: upstreamAddrSink };
    case "timestamp:beresp[3]":
      return { apply: durationSink("upstreamHeaderMs", "s") };
    case "timestamp:berespbody[3]":
      return { apply: durationSink("upstreamResponseMs", "s") };
    default:
      return { apply: ignoreField };
  }
}

function timeField(argument: string, position: number): FieldDef {
  if (argument === "sec") return { apply: epochTimeSink(1000) };
  if (argument === "msec") return { apply: epochTimeSink(1) };
  if (argument === "usec") return { apply: epochTimeSink(0.001) };
  if (argument === "msec_frac" || argument === "usec_frac") return { apply: ignoreField };
  try {
    const reader = new StrftimeReader(argument);
    return { apply: strftimeSink(reader), sample: reader.sample };
  } catch (error) {
    if (error instanceof StrftimeError) throw new FormatError("varnish", error.conversion, position + 2 + error.index, "unsupported time conversion");
    throw error;
  }
}

function braced(argument: string, letter: string, position: number, written: string): FieldDef {
  if (letter === "i" || letter === "o") {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(argument)) throw new FormatError("varnish", written, position, "invalid header name in");
    return { apply: ignoreField };
  }
  if (letter === "t") return timeField(argument, position);
  if (letter === "x") {
    if (argument.startsWith("Varnish:")) {
      const name = argument.slice(8);
      if (Object.hasOwn(VARNISH_X, name)) return VARNISH_X[name]();
    } else if (argument.startsWith("VSL:")) {
      const def = vslField(argument.slice(4));
      if (def) return def;
    } else if (argument.startsWith("VCL_Log:") && argument.length > 8) {
      // A VCL `std.log("backend:" + ...)` is the usual way to log the chosen backend.
      return { apply: argument === "VCL_Log:backend" ? backendSink() : ignoreField };
    }
  }
  throw new FormatError("varnish", written, position);
}

interface Tokenized {
  pieces: FormatPiece[];
  logsEvidence: boolean;
  logsSide: boolean;
  logsHandling: boolean;
}

function tokenize(format: string): Tokenized {
  const pieces: FormatPiece[] = [];
  let logsEvidence = false;
  let logsSide = false;
  let logsHandling = false;
  let literal = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === "\\" && i + 1 < format.length) {
      const next = format[++i];
      literal += next === "t" ? "\t" : next === "n" ? "\n" : next;
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
    let def: FieldDef | undefined;
    let written: string;
    if (format.startsWith("%U%q", i)) {
      // The usual "path and query" pair: %q starts with "?", so the two read as one value.
      written = "%U%q";
      def = detailOnly(pathSink);
      i += 3;
    } else if (format[i + 1] === "{") {
      const close = format.indexOf("}", i + 2);
      if (close < 0 || close + 1 >= format.length) throw new FormatError("varnish", format.slice(i, i + 12), position, "unterminated specifier");
      written = format.slice(i, close + 2);
      def = braced(format.slice(i + 2, close), format[close + 1], position, written);
      i = close + 1;
    } else {
      written = format.slice(i, i + 2);
      def = simpleField(format[i + 1] ?? "");
      if (!def) throw new FormatError("varnish", written, position);
      i++;
    }
    if (literal) pieces.push({ literal });
    literal = "";
    logsEvidence ||= def.evidence === true;
    logsSide ||= def.logs === "side";
    logsHandling ||= def.logs === "handling";
    pieces.push({ field: { label: written, position, apply: def.apply, detail: def.detail, sample: def.sample } });
  }
  if (literal) pieces.push({ literal });
  return { pieces, logsEvidence, logsSide, logsHandling };
}

function isBackendRecord(request: ParsedRequest): boolean {
  const fetchError = request.evidence.varnishFetchError;
  return request.backend !== undefined || request.upstreamAddr !== undefined || request.upstreamHeaderMs !== undefined || (fetchError !== undefined && fetchError !== "-" && fetchError !== "");
}

/**
 * Whether a format lets origin 5xx be told from Varnish's own: `side` (it logs %{Varnish:side}x),
 * `declared` (the source says varnishncsa -b feeds it, and FetchError is logged: a line without
 * one is the origin's answer), `inferred` (no side, but FetchError and a backend-only field such
 * as %{VSL:BackendOpen[2]}x: lines naming a backend are backend transactions), or `none` (5xx
 * without a FetchError stay unknown).
 */
export function varnishSideSupport(format: string | null | undefined, declaredBackendSide = false): "side" | "declared" | "inferred" | "none" {
  const f = format && format.trim() ? format : VARNISHNCSA_DEFAULT_FORMAT;
  if (/%\{Varnish:side\}x/i.test(f)) return "side";
  const fetchError = /%\{VSL:FetchError\}x/i.test(f);
  // Declared or inferred, the side only helps where FetchError says whether Varnish gave up.
  if (!fetchError) return "none";
  if (declaredBackendSide) return "declared";
  return /%\{VSL:(BackendOpen\[[23]\]|Timestamp:Beresp\[3\])\}x/i.test(f) ? "inferred" : "none";
}

export function compileVarnishFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  const { pieces, logsEvidence, logsSide, logsHandling } = tokenize(format && format.trim() ? format : VARNISHNCSA_DEFAULT_FORMAT);
  const compiled = compileTextFormat("varnish", pieces, options);
  const rule = sideRule(logsSide, logsHandling);
  const backendSide = options.backendSide === true;
  return {
    kind: "varnish",
    parse(line: string): ParseOutcome {
      const evidence: RequestEvidence = logsEvidence ? { varnishFetchError: undefined, varnishSide: undefined } : NO_EVIDENCE;
      const request = newRequest(evidence);
      const problem = runTextFormat(compiled, line, 0, contentEnd(line), request) ?? missingEssentials(request);
      if (problem !== undefined) return { ok: false, reason: problem };
      // No side logged (`varnishncsa -b` alone): declared by the source, every line is a backend
      // transaction; otherwise a line that names the backend connection it used, or carries a
      // FetchError, can only be one.
      if (!logsSide && evidence !== NO_EVIDENCE && (backendSide || isBackendRecord(request))) evidence.varnishSide = "b";
      const why = uncountedWhy(request, rule);
      return why === undefined ? { ok: true, kind: "request", request } : { ok: true, kind: "uncounted", request, why };
    },
  };
}
