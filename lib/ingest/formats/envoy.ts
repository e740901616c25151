// Envoy access logs: text formats of command operators, and JSON logs (json_format). A source
// whose format starts with `{` is a JSON format; any line starting with `{` is read as JSON,
// with the keys of that format or, for a text format, the usual (Istio-style) key names.

import { compileTextFormat, runTextFormat, type FormatPiece } from "@/lib/ingest/formats/engine";
import { readOperator } from "@/lib/ingest/formats/envoy-operators";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { binding, compilePlan, fromText, parseJsonLine, type JsonBinding } from "@/lib/ingest/formats/json-lines";
import { missingEssentials, newRequest, NO_EVIDENCE } from "@/lib/ingest/formats/request";
import { contentEnd } from "@/lib/ingest/formats/scan";
import type { CompiledParser, ParseOutcome, ParsedRequest, RequestEvidence } from "@/lib/ingest/types";

export const ENVOY_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';

/** Key names of the JSON access logs Istio and most Envoy setups emit. */
export const ENVOY_DEFAULT_JSON_FORMAT: Record<string, string> = {
  start_time: "%START_TIME%",
  method: "%REQ(:METHOD)%",
  path: "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
  protocol: "%PROTOCOL%",
  response_code: "%RESPONSE_CODE%",
  response_flags: "%RESPONSE_FLAGS%",
  response_code_details: "%RESPONSE_CODE_DETAILS%",
  upstream_transport_failure_reason: "%UPSTREAM_TRANSPORT_FAILURE_REASON%",
  bytes_sent: "%BYTES_SENT%",
  duration: "%DURATION%",
  upstream_service_time: "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
  x_forwarded_for: "%REQ(X-FORWARDED-FOR)%",
  upstream_host: "%UPSTREAM_HOST%",
  upstream_cluster: "%UPSTREAM_CLUSTER%",
  downstream_remote_address: "%DOWNSTREAM_REMOTE_ADDRESS%",
};

function newEnvoyEvidence(): RequestEvidence {
  return { envoyFlags: undefined, envoyDetails: undefined, envoyTransportFailure: undefined };
}

function tokenize(format: string): { pieces: FormatPiece[]; logsEvidence: boolean } {
  const pieces: FormatPiece[] = [];
  let logsEvidence = false;
  let literal = "";
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== "%") {
      literal += format[i];
      continue;
    }
    const operator = readOperator(format, i);
    if (literal) pieces.push({ literal });
    literal = "";
    logsEvidence ||= operator.evidence === true;
    pieces.push({ field: { label: operator.written, position: operator.position, apply: operator.apply, sample: operator.sample } });
    i = operator.end - 1;
  }
  if (literal) pieces.push({ literal });
  return { pieces, logsEvidence };
}

/** Flattens a json_format object into (dotted key → value template) pairs. */
function flatten(object: Record<string, unknown>, prefix: string, out: [string, string][]): void {
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === "string") out.push([prefix + key, value]);
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) flatten(value as Record<string, unknown>, `${prefix}${key}.`, out);
  }
}

function readOperatorAt(template: string, index: number, base: number): ReturnType<typeof readOperator> {
  try {
    return readOperator(template, index);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    throw new FormatError("envoy", error.specifier, base >= 0 ? base + error.position : -1, error.problem);
  }
}

/** JSON bindings of a json_format: keys whose value is exactly one operator are interpreted. */
export function compileJsonBindings(format: string | Record<string, string>): JsonBinding[] {
  let object: unknown = format;
  if (typeof format === "string") {
    try {
      object = JSON.parse(format);
    } catch {
      throw new FormatError("envoy", format.slice(0, 24), 0, "invalid JSON in");
    }
  }
  if (typeof object !== "object" || object === null || Array.isArray(object)) throw new FormatError("envoy", String(format).slice(0, 24), 0, "not a JSON object:");
  const pairs: [string, string][] = [];
  flatten(object as Record<string, unknown>, "", pairs);
  const bindings: JsonBinding[] = [];
  for (const [key, template] of pairs) {
    // Positions in errors point into the whole format string, not into one value.
    const base = typeof format === "string" ? format.indexOf(JSON.stringify(template).slice(1, -1)) : -1;
    for (let i = template.indexOf("%"); i >= 0; i = template.indexOf("%", i)) {
      const operator = readOperatorAt(template, i, base);
      if (i === 0 && operator.end === template.length) {
        bindings.push(binding(key, fromText(operator.apply), operator.written));
      }
      i = operator.end;
    }
  }
  return bindings;
}

export function compileEnvoyFormat(format?: string): CompiledParser {
  const text = format && format.trim() ? format : ENVOY_DEFAULT_FORMAT;
  const isJsonFormat = text.trimStart().startsWith("{");
  const jsonPlan = compilePlan(compileJsonBindings(isJsonFormat ? text : ENVOY_DEFAULT_JSON_FORMAT));
  const { pieces, logsEvidence } = isJsonFormat ? { pieces: [], logsEvidence: true } : tokenize(text.replace(/\r?\n$/, ""));
  const compiled = isJsonFormat ? undefined : compileTextFormat("envoy", pieces);
  return {
    kind: "envoy",
    parse(line: string): ParseOutcome {
      const end = contentEnd(line);
      let outcome: ParseOutcome;
      if (line.charCodeAt(0) === 123) outcome = parseJsonLine(line, jsonPlan, newEnvoyEvidence);
      else if (!compiled) return { ok: false, reason: "expected a JSON object (the source's format is JSON)" };
      else {
        const request = newRequest(logsEvidence ? newEnvoyEvidence() : NO_EVIDENCE);
        const problem = runTextFormat(compiled, line, 0, end, request) ?? missingEssentials(request);
        outcome = problem === undefined ? { ok: true, kind: "request", request } : { ok: false, reason: problem };
      }
      if (outcome.ok && outcome.kind === "request") fillBackend(outcome.request);
      return outcome;
    },
  };
}

/** The cluster names the backend; without it, the upstream host address does. */
function fillBackend(request: ParsedRequest): void {
  if (request.backend === undefined && request.upstreamAddr !== undefined) {
    request.backend = request.upstreamAddr;
    request.backendIsAddress = true;
  }
}
