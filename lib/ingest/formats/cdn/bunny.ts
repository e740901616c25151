// bunny.net CDN access logs: one pipe-separated line per request, fixed fields
//   <cache-status>|<status-code>|<timestamp ms>|<bytes-sent>|<pull-zone-id>|<remote-ip>|<referer-url>|<url>|<edge-location>|<user-agent>|<unique-request-id>|<country-code>
// https://docs.bunny.net/docs/cdn-log-format
// The log does not say why a 5xx happened; bunny's Origin Errors log does
// (https://docs.bunny.net/docs/cdn-origin-errors): its records (JSON with `ErrorCode`), shipped to
// the same source, are evidence that the aggregator joins to the 5xx they explain (like nginx's
// error log), never counted themselves.
import { causeFromBunnyError } from "@/lib/ingest/cause-rules/bunny";
import { compileTextFormat, runTextFormat, type FieldApply, type FieldSpec, type FormatPiece, type TextFormatOptions } from "@/lib/ingest/formats/engine";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { handlingFromCdn } from "@/lib/ingest/formats/cdn/handling";
import { ValueInterner } from "@/lib/ingest/formats/intern";
import { missingEssentials, NO_EVIDENCE, newRequest } from "@/lib/ingest/formats/request";
import { bytesSink, clientSink, epochTimeSink, ignoreField, statusSink } from "@/lib/ingest/formats/sinks";
import type { JoinKeys } from "@/lib/ingest/errorlog-join";
import type { CompiledParser, NginxErrorEvidence, ParseOutcome } from "@/lib/ingest/types";

const handlingSink: FieldApply = (request, line, start, end) => {
  request.handling = handlingFromCdn(line, start, end);
  return undefined;
};

/** `https://zone.b-cdn.net/path?q`: the host names the backend (every line), the rest is the path (5xx only). */
function urlSinks(): { apply: FieldApply; detail: (request: { path?: string }, line: string, start: number, end: number) => undefined } {
  const hosts = new ValueInterner();
  const hostSpan = (line: string, start: number, end: number): [number, number] => {
    const scheme = line.indexOf("://", start);
    const from = scheme >= 0 && scheme < end ? scheme + 3 : start;
    const slash = line.indexOf("/", from);
    return [from, slash >= 0 && slash < end ? slash : end];
  };
  return {
    apply(request, line, start, end) {
      const [from, to] = hostSpan(line, start, end);
      if (to > from) request.backend = hosts.get(line, from, to);
      return undefined;
    },
    detail(request, line, start, end) {
      const [, to] = hostSpan(line, start, end);
      request.path = to < end ? line.slice(to, end) : "/";
      return undefined;
    },
  };
}

function pieces(): FormatPiece[] {
  const url = urlSinks();
  const fields: [string, Pick<FieldSpec, "apply" | "detail">][] = [
    ["cache-status", { apply: handlingSink }],
    ["status-code", { apply: statusSink }],
    ["timestamp", { apply: epochTimeSink(1) }],
    ["bytes-sent", { apply: bytesSink }],
    ["pull-zone-id", { apply: ignoreField }],
    ["remote-ip", { apply: ignoreField, detail: clientSink }],
    ["referer-url", { apply: ignoreField }],
    ["url", url],
    ["edge-location", { apply: ignoreField }],
    ["user-agent", { apply: ignoreField }],
    ["unique-request-id", { apply: ignoreField }],
    ["country-code", { apply: ignoreField }],
  ];
  const out: FormatPiece[] = [];
  let position = 0;
  fields.forEach(([label, def], index) => {
    if (index > 0) out.push({ literal: "|" });
    out.push({ field: { label, position, ...def } });
    position += label.length + 3;
  });
  return out;
}

/** The path an access line and an Origin Errors record share: without the query, which Origin Errors may leave out. */
export function bunnyJoinPath(path: string): string {
  const query = path.indexOf("?");
  return query < 0 ? path : path.slice(0, query);
}

/**
 * bunny.net: an access-log 5xx and the Origin Errors record that explains it share the status
 * and the path; the record may come up to the CDN's 60 s origin timeout after the request.
 */
export const BUNNY_JOIN_KEYS: JoinKeys = {
  request: (request) => (request.path === undefined ? undefined : `${request.status}\n${bunnyJoinPath(request.path)}`),
  evidence: (evidence) => (evidence.status === undefined || evidence.request === undefined ? undefined : `${evidence.status}\n${bunnyJoinPath(evidence.request)}`),
};
export const BUNNY_JOIN_WINDOW_MS = 65_000;

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    return objectOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * An Origin Errors record, as the API lists it (`{"logId":...,"timestamp":1728952065848,"log":"{...}"}`,
 * the record JSON-encoded in `log`) or the record itself
 * (`{"RequestUrl":"/apikey","PullZoneId":308006,"Message":...,"ErrorCode":"dns_lookup","StatusCode":502}`,
 * with a `timestamp` when the shipper adds one). With a time and a URL it is evidence the
 * aggregator joins to the 5xx it explains; without, a notice.
 */
function originError(line: string): ParseOutcome | undefined {
  const outer = parseObject(line);
  if (!outer) return undefined;
  const record = typeof outer.log === "string" ? parseObject(outer.log) : outer;
  if (!record || !Object.hasOwn(record, "ErrorCode")) return undefined;
  const { ErrorCode: code, StatusCode: rawStatus, Message: rawMessage, RequestUrl: url } = record;
  if (typeof code !== "string") return undefined;
  const cause = causeFromBunnyError(code) ?? "unknown";
  const message = `origin error ${code} (${String(rawStatus ?? "-")}, cause ${cause}): ${typeof rawMessage === "string" ? rawMessage : ""}`.slice(0, 500);
  const time = [outer.timestamp, record.timestamp, record.Timestamp].find((value) => typeof value === "number" && Number.isFinite(value)) as number | undefined;
  const status = typeof rawStatus === "number" ? rawStatus : Number(rawStatus);
  if (time === undefined || typeof url !== "string" || !Number.isInteger(status)) return { ok: true, kind: "notice", notice: { message } };
  // Times are UTC epoch ms, like the access log's: no offset to apply on either side.
  const evidence: NginxErrorEvidence = { time, level: "error", message, request: url, status, cause };
  return { ok: true, kind: "evidence", evidence };
}

export function compileBunnyFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  // bunny's log has one fixed layout: there is no field selection to follow.
  if (format && format.trim() && format.trim() !== "default") throw new FormatError("bunny", format.trim().slice(0, 24), 0, "bunny.net logs have one fixed layout; leave the format empty instead of");
  const compiled = compileTextFormat("bunny", pieces(), options);
  return {
    kind: "bunny",
    parse(line: string): ParseOutcome {
      if (line.charCodeAt(0) === 123 /* { */) return originError(line) ?? { ok: false, reason: "expected a bunny.net log line or Origin Errors record" };
      const request = newRequest(NO_EVIDENCE);
      const problem = runTextFormat(compiled, line, 0, line.length, request) ?? missingEssentials(request);
      return problem === undefined ? { ok: true, kind: "request", request } : { ok: false, reason: problem };
    },
  };
}
