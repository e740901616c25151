// Envoy access-log command operators (`%RESPONSE_CODE%`, `%REQ(:PATH)%`, ...): which ones we
// interpret and which we accept as opaque. Anything else is a FormatError.

import type { FieldApply } from "@/lib/ingest/formats/engine";
import { FormatError } from "@/lib/ingest/formats/format-error";
import {
  backendSink, bytesSink, durationSink, ignoreField, isoTimeSink, methodSink, pathSink, protocolSink, statusSink, strftimeSink,
} from "@/lib/ingest/formats/sinks";
import { ValueInterner } from "@/lib/ingest/formats/intern";
import { StrftimeError, StrftimeReader } from "@/lib/ingest/formats/strftime";

export interface EnvoyOperator {
  /** As written, e.g. `%REQ(:METHOD)%`. */
  written: string;
  position: number;
  apply: FieldApply;
  sample?: string;
  evidence?: boolean;
  /** Index just past the operator in the format string. */
  end: number;
}

/** Operators read and dropped: they exist, but say nothing about 5xx. */
const OPAQUE = new Set([
  "BYTES_RECEIVED", "REQUEST_DURATION", "REQUEST_TX_DURATION", "RESPONSE_TX_DURATION", "CONNECTION_TERMINATION_DETAILS",
  "ROUTE_NAME", "UPSTREAM_LOCAL_ADDRESS", "UPSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "UPSTREAM_LOCAL_PORT", "UPSTREAM_REMOTE_ADDRESS",
  "UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "UPSTREAM_REMOTE_PORT", "UPSTREAM_REQUEST_ATTEMPT_COUNT", "UPSTREAM_HOST_NAME",
  "UPSTREAM_HOST_NAME_WITHOUT_PORT", "DOWNSTREAM_LOCAL_ADDRESS", "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "DOWNSTREAM_LOCAL_PORT",
  "DOWNSTREAM_DIRECT_REMOTE_ADDRESS", "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT", "DOWNSTREAM_REMOTE_PORT",
  "DOWNSTREAM_TRANSPORT_FAILURE_REASON", "REQUESTED_SERVER_NAME", "CONNECTION_ID", "UPSTREAM_CONNECTION_ID", "STREAM_ID",
  "HOSTNAME", "UNIQUE_ID", "TRACE_ID", "GRPC_STATUS", "GRPC_STATUS_NUMBER", "ACCESS_LOG_TYPE", "VIRTUAL_CLUSTER_NAME",
  "UPSTREAM_WIRE_BYTES_SENT", "UPSTREAM_WIRE_BYTES_RECEIVED", "UPSTREAM_HEADER_BYTES_SENT", "UPSTREAM_HEADER_BYTES_RECEIVED",
  "DOWNSTREAM_WIRE_BYTES_SENT", "DOWNSTREAM_WIRE_BYTES_RECEIVED", "DOWNSTREAM_HEADER_BYTES_SENT", "DOWNSTREAM_HEADER_BYTES_RECEIVED",
  "REQUEST_HEADERS_BYTES", "RESPONSE_HEADERS_BYTES", "RESPONSE_TRAILERS_BYTES", "UPSTREAM_PROTOCOL", "EMIT_TIME", "SYSTEM_TIME",
  "START_TIME_LOCAL", "DYNAMIC_METADATA", "CLUSTER_METADATA", "UPSTREAM_METADATA", "FILTER_STATE", "UPSTREAM_FILTER_STATE",
  "ENVIRONMENT", "CEL", "METADATA", "QUERY_PARAM", "PATH", "COMMON_DURATION", "TRAILER", "FILTER_CHAIN_NAME",
]);
const OPAQUE_PREFIXES = ["DOWNSTREAM_PEER_", "UPSTREAM_PEER_", "DOWNSTREAM_TLS_", "UPSTREAM_TLS_"];

const flagsSink: FieldApply = (request, line, start, end) => {
  request.evidence.envoyFlags = line.slice(start, end);
  return undefined;
};
const detailsSink: FieldApply = (request, line, start, end) => {
  request.evidence.envoyDetails = line.slice(start, end);
  return undefined;
};
const transportFailureSink: FieldApply = (request, line, start, end) => {
  request.evidence.envoyTransportFailure = line.slice(start, end);
  return undefined;
};
/** Old Envoy prints `tcp://10.0.2.1:80`, newer `10.0.2.1:80`; interned, it may name the backend. */
function upstreamHostSink(): FieldApply {
  const interner = new ValueInterner();
  return (request, line, start, end) => {
    if (end - start >= 6 && line.charCodeAt(start) === 116 && line.charCodeAt(start + 3) === 58 && line.charCodeAt(start + 5) === 47) start += 6; // tcp://
    if (end > start && !(end - start === 1 && line.charCodeAt(start) === 45)) request.upstreamAddr = interner.get(line, start, end);
    return undefined;
  };
}
/** `10.0.0.1:51234` or `[::1]:51234` → the address without its port. */
const remoteAddressSink: FieldApply = (request, line, start, end) => {
  if (end <= start || (end - start === 1 && line.charCodeAt(start) === 45)) return undefined;
  const colon = line.lastIndexOf(":", end - 1);
  const bracketed = line.charCodeAt(start) === 91;
  const cut = colon > start && (bracketed || line.indexOf(":", start) === colon) ? colon : end;
  request.client = bracketed ? line.slice(start + 1, cut - 1) : line.slice(start, cut);
  return undefined;
};
const remoteAddressNoPortSink: FieldApply = (request, line, start, end) => {
  if (end > start && !(end - start === 1 && line.charCodeAt(start) === 45)) request.client = line.slice(start, end);
  return undefined;
};
/** First hop of X-Forwarded-For, only when the format does not log the peer address itself. */
const forwardedForSink: FieldApply = (request, line, start, end) => {
  if (request.client !== undefined || end <= start || (end - start === 1 && line.charCodeAt(start) === 45)) return undefined;
  const comma = line.indexOf(",", start);
  request.client = line.slice(start, comma >= 0 && comma < end ? comma : end).trim();
  return undefined;
};

function requestHeader(argument: string): FieldApply {
  const names = argument.toUpperCase().split("?");
  if (names.length === 1 && names[0] === ":METHOD") return methodSink;
  if (names[names.length - 1] === ":PATH") return pathSink;
  if (names.length === 1 && names[0] === "X-FORWARDED-FOR") return forwardedForSink;
  return ignoreField;
}

function startTime(argument: string | undefined, position: number): Pick<EnvoyOperator, "apply" | "sample"> {
  if (argument === undefined || argument === "") return { apply: isoTimeSink(), sample: "2016-04-15T20:17:00.310Z" };
  try {
    const reader = new StrftimeReader(argument);
    return { apply: strftimeSink(reader), sample: reader.sample };
  } catch (error) {
    if (error instanceof StrftimeError) throw new FormatError("envoy", error.conversion, position + 12 + error.index, "unsupported time conversion");
    throw error;
  }
}

function interpret(name: string, argument: string | undefined, position: number): Omit<EnvoyOperator, "written" | "position" | "end"> | undefined {
  const withArgument = argument !== undefined;
  switch (name) {
    case "START_TIME": return startTime(argument, position);
    case "REQ": return withArgument ? { apply: requestHeader(argument) } : undefined;
    case "RESP":
      if (!withArgument) return undefined;
      return { apply: argument.toUpperCase() === "X-ENVOY-UPSTREAM-SERVICE-TIME" ? durationSink("upstreamHeaderMs", "ms") : ignoreField };
    case "RESPONSE_CODE": return { apply: statusSink };
    case "RESPONSE_FLAGS": case "RESPONSE_FLAGS_LONG": return { apply: flagsSink, evidence: true };
    case "RESPONSE_CODE_DETAILS": return { apply: detailsSink, evidence: true };
    case "UPSTREAM_TRANSPORT_FAILURE_REASON": return { apply: transportFailureSink, evidence: true };
    case "BYTES_SENT": return { apply: bytesSink };
    case "DURATION": return { apply: durationSink("totalMs", "ms") };
    case "RESPONSE_DURATION": return { apply: durationSink("firstByteMs", "ms") };
    case "UPSTREAM_HOST": return { apply: upstreamHostSink() };
    case "UPSTREAM_CLUSTER": case "UPSTREAM_CLUSTER_RAW": return { apply: backendSink() };
    case "PROTOCOL": return { apply: protocolSink };
    case "DOWNSTREAM_REMOTE_ADDRESS": return { apply: remoteAddressSink };
    case "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT": return { apply: remoteAddressNoPortSink };
    default:
      if (OPAQUE.has(name) || OPAQUE_PREFIXES.some((prefix) => name.startsWith(prefix))) return { apply: ignoreField };
      return undefined;
  }
}

/** Reads `%NAME%`, `%NAME(arg)%` or `%NAME(arg):N%` starting at `format[position] === "%"`. */
export function readOperator(format: string, position: number): EnvoyOperator {
  let i = position + 1;
  while (i < format.length && /[A-Z0-9_]/.test(format[i])) i++;
  const name = format.slice(position + 1, i);
  let argument: string | undefined;
  if (format[i] === "(" && name.length > 0) {
    const close = format.indexOf(")", i);
    if (close < 0) throw new FormatError("envoy", format.slice(position, position + 24), position, "unterminated specifier");
    argument = format.slice(i + 1, close);
    i = close + 1;
    if (format[i] === ":") {
      i++;
      while (i < format.length && format[i] >= "0" && format[i] <= "9") i++;
    }
  }
  if (format[i] !== "%" || name.length === 0) {
    const shown = format.slice(position, Math.min(format.length, Math.max(i + 1, position + 2)));
    throw new FormatError("envoy", shown, position, name.length === 0 ? "unknown specifier" : "unterminated specifier");
  }
  const written = format.slice(position, i + 1);
  const meaning = interpret(name, argument, position);
  if (!meaning) throw new FormatError("envoy", written, position);
  return { written, position, end: i + 1, ...meaning };
}
