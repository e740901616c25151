// Amazon CloudFront access logs: standard logs (W3C: tab-separated values, `#Version:` and
// `#Fields:` header lines at the top of each file, URL-encoded values, `-` for empty) and
// real-time log records (the same field names, tab-separated, no header, in the order the
// real-time log configuration lists them).
// Fields: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
// Real-time fields: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/real-time-logs.html
//
// The source's format is the field list (as after `#Fields:`; blank: the standard logs' 33 fields).
// A `#Fields:` line in the stream switches to its fields for the lines after it, which is why
// this parser keeps state and is compiled per batch (registry.ts). Unknown field names are read
// past, so fields CloudFront adds later cost nothing.
import { compileTextFormat, runTextFormat, type FieldApply, type FieldSpec, type FormatPiece, type TextFormat, type TextFormatOptions } from "@/lib/ingest/formats/engine";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { handlingFromCdn } from "@/lib/ingest/formats/cdn/handling";
import { missingEssentials, NO_EVIDENCE, newRequest } from "@/lib/ingest/formats/request";
import { isDash } from "@/lib/ingest/formats/scan";
import {
  backendSink, bytesSink, clientSink, durationSink, epochTimeSink, ignoreField, methodSink, protocolSink, statusSink,
} from "@/lib/ingest/formats/sinks";
import { daysFromCivil, digitsAt } from "@/lib/ingest/formats/time";
import type { CompiledParser, ParseOutcome } from "@/lib/ingest/types";

export const CLOUDFRONT_STANDARD_FIELDS =
  "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query " +
  "cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol " +
  "ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte " +
  "x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end";

const NOT_A_TIME = "is not a time";

/**
 * `date` (YYYY-MM-DD) and `time` (HH:MM:SS, UTC) are two fields: whichever comes first sets the
 * time, the other adds to it, so their order in the list does not matter.
 */
const addTime = (request: { time: number }, ms: number): string | undefined => {
  if (Number.isNaN(ms)) return NOT_A_TIME;
  request.time = Number.isNaN(request.time) ? ms : request.time + ms;
  return undefined;
};
const dateSink: FieldApply = (request, line, start, end) => {
  if (end - start !== 10 || line.charCodeAt(start + 4) !== 45 || line.charCodeAt(start + 7) !== 45) return NOT_A_TIME;
  const y = digitsAt(line, start, 4);
  const mo = digitsAt(line, start + 5, 2);
  const d = digitsAt(line, start + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NOT_A_TIME;
  return addTime(request, daysFromCivil(y, mo, d) * 86_400_000);
};
const clockSink: FieldApply = (request, line, start, end) => {
  if (end - start !== 8 || line.charCodeAt(start + 2) !== 58 || line.charCodeAt(start + 5) !== 58) return NOT_A_TIME;
  const h = digitsAt(line, start, 2);
  const m = digitsAt(line, start + 3, 2);
  const s = digitsAt(line, start + 6, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return NOT_A_TIME;
  return addTime(request, ((h * 60 + m) * 60 + s) * 1000);
};

/** URL-encoded in the log (`%20`, `%2522`): decoded once, as the origin saw the path. */
function decoded(line: string, start: number, end: number): string {
  const raw = line.slice(start, end);
  if (raw.indexOf("%") < 0) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a lone `%`: keep the text as logged
  }
}
const stemSink = (request: { path?: string }, line: string, start: number, end: number): undefined => {
  if (end > start && !isDash(line, start, end)) request.path = request.path === undefined ? decoded(line, start, end) : decoded(line, start, end) + request.path;
  return undefined;
};
const querySink = (request: { path?: string }, line: string, start: number, end: number): undefined => {
  if (end > start && !isDash(line, start, end)) request.path = `${request.path ?? ""}?${line.slice(start, end)}`;
  return undefined;
};
const handlingSink: FieldApply = (request, line, start, end) => {
  request.handling = handlingFromCdn(line, start, end);
  return undefined;
};
const detailedResultSink = (request: { evidence: { cdnError?: string } }, line: string, start: number, end: number): undefined => {
  if (end > start && !isDash(line, start, end)) request.evidence = { cdnError: line.slice(start, end) };
  return undefined;
};

type FieldDef = Pick<FieldSpec, "apply" | "detail" | "sample">;

/** Per parser: the backend sink interns names, so every compile gets its own. */
function fieldDefs(): Record<string, FieldDef> {
  const backend = backendSink();
  return {
    date: { apply: dateSink },
    time: { apply: clockSink },
    timestamp: { apply: epochTimeSink(1000) },
    "sc-status": { apply: statusSink },
    "sc-bytes": { apply: bytesSink },
    "c-ip": { apply: ignoreField, detail: clientSink },
    "cs-method": { apply: ignoreField, detail: methodSink },
    "cs-uri-stem": { apply: ignoreField, detail: stemSink },
    "cs-uri-query": { apply: ignoreField, detail: querySink },
    "cs-protocol-version": { apply: ignoreField, detail: protocolSink },
    // The distribution's domain (standard, real-time) or the viewer's Host header (preferred).
    "cs(Host)": { apply: backend },
    "cs-host": { apply: backend },
    "x-host-header": { apply: backend },
    "x-edge-result-type": { apply: handlingSink },
    "x-edge-detailed-result-type": { apply: ignoreField, detail: detailedResultSink },
    "time-taken": { apply: durationSink("totalMs", "s") },
    "time-to-first-byte": { apply: durationSink("firstByteMs", "s") },
    "origin-fbl": { apply: durationSink("upstreamHeaderMs", "s") },
    "origin-lbl": { apply: durationSink("upstreamResponseMs", "s") },
  };
}

/** The field list as written after `#Fields:`, or a custom one: separated by spaces, tabs or commas. */
function fieldNames(list: string): string[] {
  return list.split(/[\s,]+/).filter((name) => name !== "");
}

export function compileCloudfrontFields(list: string, options: TextFormatOptions = {}): TextFormat {
  const names = fieldNames(list);
  const has = (name: string) => names.includes(name);
  if (!has("sc-status")) throw new FormatError("cloudfront", "sc-status", -1, "the field list lacks");
  if (!has("timestamp") && !(has("date") && has("time"))) throw new FormatError("cloudfront", "date time", -1, "the field list lacks (or `timestamp`)");
  const defs = fieldDefs();
  // The viewer's Host header names the site; the distribution's domain only when it is not logged
  // (one interned backend name per line, not two).
  if (has("x-host-header")) {
    delete defs["cs(Host)"];
    delete defs["cs-host"];
  }
  const pieces: FormatPiece[] = [];
  let position = 0;
  names.forEach((name, index) => {
    if (index > 0) pieces.push({ literal: "\t" });
    const def: FieldDef = Object.hasOwn(defs, name) ? defs[name] : { apply: ignoreField };
    pieces.push({ field: { label: name, position, ...def } });
    position += name.length + 1;
  });
  return compileTextFormat("cloudfront", pieces, options);
}

export function compileCloudfrontFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  const configured = compileCloudfrontFields(format && format.trim() ? format : CLOUDFRONT_STANDARD_FIELDS, options);
  let current = configured;
  return {
    kind: "cloudfront",
    stateful: true,
    parse(line: string): ParseOutcome {
      if (line.charCodeAt(0) === 35 /* # */) {
        if (line.startsWith("#Fields:")) {
          try {
            current = compileCloudfrontFields(line.slice(8), options);
          } catch (e) {
            return { ok: false, reason: e instanceof FormatError ? `unusable #Fields line: ${e.message}` : "unusable #Fields line" };
          }
        }
        return { ok: true, kind: "notice", notice: { message: line.slice(0, 500) } };
      }
      const request = newRequest(NO_EVIDENCE);
      const problem = runTextFormat(current, line, 0, line.length, request) ?? missingEssentials(request);
      return problem === undefined ? { ok: true, kind: "request", request } : { ok: false, reason: problem };
    },
  };
}
