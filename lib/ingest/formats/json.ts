// JSON lines from anything (CDNs, Vector, Fluent Bit, nginx `escape=json`, app gateways). The
// source's "format" is a field mapping: target → dotted path (or a list of paths, first present
// wins), e.g. {"time":"ts","status":"status","backend":"upstream.name","durationMs":"duration_ms"}.

import { z } from "zod";
import type { DetailApply, FieldApply, TextFormatOptions } from "@/lib/ingest/formats/engine";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { binding, compilePlan, fromText, parseJsonLine, type JsonApply, type JsonBinding, type JsonPlan } from "@/lib/ingest/formats/json-lines";
import { upstreamSinks, upstreamStatusDetail } from "@/lib/ingest/formats/nginx";
import { handlingFromCdn } from "@/lib/ingest/formats/cdn/handling";
import { handlingAt, handlingFromNginx, NO_EVIDENCE } from "@/lib/ingest/formats/request";
import {
  backendSink, bytesSink, clientSink, durationSink, methodSink, pathSink, protocolSink, statusSink,
} from "@/lib/ingest/formats/sinks";
import { AnyTimeReader } from "@/lib/ingest/formats/time";
import { sideRule, uncountedWhy } from "@/lib/ingest/formats/varnish-sides";
import type { CompiledParser, ParsedRequest, ParseOutcome, ProxyKind, RequestEvidence } from "@/lib/ingest/types";

/** Lines start with the shared empty evidence; the first evidence field gives them their own. */
const evidenceText = (key: keyof Omit<RequestEvidence, "haproxyTimers" | "nginxUpstreamStatuses" | "originStatus">): DetailApply =>
  (request, line, start, end) => {
    if (request.evidence === NO_EVIDENCE) request.evidence = {};
    request.evidence[key] = line.slice(start, end);
    return undefined;
  };
const noEvidence = (): RequestEvidence => NO_EVIDENCE;

/** The origin's status as a CDN logged it; 0 (Cloudflare: no origin answer) is kept, it is evidence. */
const originStatusDetail: DetailApply = (request, line, start, end) => {
  const status = Number(line.slice(start, end));
  if (Number.isInteger(status) && status >= 0) {
    if (request.evidence === NO_EVIDENCE) request.evidence = {};
    request.evidence.originStatus = status;
  }
  return undefined;
};

const handlingSink: FieldApply = (request, line, start, end) => {
  request.handling = handlingAt(line, start, end) ?? handlingFromNginx(line, start, end) ?? handlingFromCdn(line, start, end);
  return undefined;
};

type NumberApply = (request: ParsedRequest, value: number) => string | undefined;

/** JSON numbers read directly, without a detour through text. */
const NUMERIC: Partial<Record<string, NumberApply>> = {
  status: (request, value) => {
    request.status = value >= 0 ? Math.trunc(value) : 0;
    return undefined;
  },
  bytes: (request, value) => {
    request.bytes = value;
    return undefined;
  },
  durationMs: (request, value) => {
    if (value >= 0) request.totalMs = value;
    return undefined;
  },
  durationSeconds: (request, value) => {
    if (value >= 0) request.totalMs = value * 1000;
    return undefined;
  },
  // CDN timings come as JSON numbers (Cloudflare's Origin*DurationMs, EdgeTimeToFirstByteMs).
  upstreamConnectMs: (request, value) => {
    if (value >= 0) request.upstreamConnectMs = value;
    return undefined;
  },
  upstreamHeaderMs: (request, value) => {
    if (value >= 0) request.upstreamHeaderMs = value;
    return undefined;
  },
  upstreamResponseMs: (request, value) => {
    if (value >= 0) request.upstreamResponseMs = value;
    return undefined;
  },
  firstByteMs: (request, value) => {
    if (value >= 0) request.firstByteMs = value;
    return undefined;
  },
};

/**
 * Targets only 5xx lines are read for (client, request, failure evidence; see FieldSpec.detail):
 * a lean parser applies them to 5xx lines only. Their sinks cannot reject a line.
 */
const detailTargets = () => ({
  method: methodSink,
  path: pathSink,
  protocol: protocolSink,
  client: clientSink,
  upstreamStatus: upstreamStatusDetail,
  fetchError: evidenceText("varnishFetchError"),
  terminationState: evidenceText("haproxyTermination"),
  server: evidenceText("haproxyServer"),
  responseFlags: evidenceText("envoyFlags"),
  responseCodeDetails: evidenceText("envoyDetails"),
  transportFailureReason: evidenceText("envoyTransportFailure"),
  cause: evidenceText("cause"),
  cdnError: evidenceText("cdnError"),
  originStatus: originStatusDetail,
}) satisfies Record<string, DetailApply>;
const DETAIL_TARGETS: ReadonlySet<string> = new Set(Object.keys(detailTargets()));

/**
 * Every mapping target and how its value is read. Durations say their unit in the name. The
 * order is the order bindings apply in: where two targets fill one field (upstreamConnectMs and
 * upstreamConnectTime), the later one wins.
 */
const targets = () => {
  const detail = detailTargets();
  const upstream = upstreamSinks();
  return {
    time: null,
    status: statusSink,
    method: detail.method,
    path: detail.path,
    protocol: detail.protocol,
    client: detail.client,
    backend: backendSink(),
    upstreamAddr: upstream.upstreamAddr,
    bytes: bytesSink,
    durationMs: durationSink("totalMs", "ms"),
    durationSeconds: durationSink("totalMs", "s"),
    upstreamConnectMs: durationSink("upstreamConnectMs", "ms"),
    upstreamHeaderMs: durationSink("upstreamHeaderMs", "ms"),
    upstreamResponseMs: durationSink("upstreamResponseMs", "ms"),
    firstByteMs: durationSink("firstByteMs", "ms"),
    upstreamConnectTime: upstream.upstreamConnectTime,
    upstreamHeaderTime: upstream.upstreamHeaderTime,
    upstreamResponseTime: durationSink("upstreamResponseMs", "s", true),
    upstreamStatus: detail.upstreamStatus,
    handling: handlingSink,
    fetchError: detail.fetchError,
    side: evidenceText("varnishSide"),
    terminationState: detail.terminationState,
    server: detail.server,
    responseFlags: detail.responseFlags,
    responseCodeDetails: detail.responseCodeDetails,
    transportFailureReason: detail.transportFailureReason,
    cause: detail.cause,
    cdnError: detail.cdnError,
    originStatus: detail.originStatus,
  } satisfies Record<string, FieldApply | null>;
};

export type JsonMappingTarget = keyof ReturnType<typeof targets>;
const TARGET_NAMES = Object.keys(targets()) as JsonMappingTarget[];

const paths = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const shape = Object.fromEntries(TARGET_NAMES.map((key) => [key, paths.optional()])) as Record<JsonMappingTarget, z.ZodOptional<typeof paths>>;
export const JsonFieldMapping = z.strictObject(shape);
export type JsonFieldMapping = z.infer<typeof JsonFieldMapping>;

/** Used when a JSON source has no mapping: the names most JSON access logs use. */
export const DEFAULT_JSON_MAPPING: JsonFieldMapping = {
  time: ["time", "timestamp", "@timestamp", "ts", "start_time", "time_iso8601", "time_local", "msec"],
  status: ["status", "status_code", "statusCode", "response_code", "http.response.status_code"],
  method: ["method", "request_method", "http.request.method"],
  path: ["path", "uri", "url", "request_uri", "url.path"],
  protocol: ["protocol", "server_protocol"],
  client: ["client", "client_ip", "remote_addr", "clientIP"],
  backend: ["backend", "upstream", "upstream_name", "upstream_cluster"],
  upstreamAddr: ["upstream_addr", "upstream_host"],
  bytes: ["bytes", "bytes_sent", "body_bytes_sent", "size"],
  durationMs: ["duration_ms", "duration"],
  durationSeconds: ["request_time"],
  upstreamConnectTime: ["upstream_connect_time"],
  upstreamHeaderTime: ["upstream_header_time"],
  upstreamResponseTime: ["upstream_response_time"],
  upstreamStatus: ["upstream_status"],
  handling: ["handling", "cache_status", "upstream_cache_status"],
  fetchError: ["fetch_error"],
  terminationState: ["termination_state"],
  responseFlags: ["response_flags"],
  responseCodeDetails: ["response_code_details"],
  transportFailureReason: ["upstream_transport_failure_reason"],
  cause: ["cause"],
};

export function readMapping(format: string, kind: ProxyKind = "json"): JsonFieldMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(format);
  } catch {
    throw new FormatError(kind, format.slice(0, 24), 0, "invalid JSON in");
  }
  const parsed = JsonFieldMapping.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.code === "unrecognized_keys" ? issue.keys[0] : String(issue.path[0] ?? "");
  const problem = issue.code === "unrecognized_keys" ? "unknown mapping key" : "invalid path for mapping key";
  throw new FormatError(kind, key, key ? format.indexOf(JSON.stringify(key)) : -1, problem);
}

function timeApply(): JsonApply {
  const reader = new AnyTimeReader();
  return (request, value) => {
    const time = typeof value === "number" ? reader.parseNumber(value) : typeof value === "string" ? reader.parseText(value, 0, value.length) : NaN;
    if (Number.isNaN(time)) return "is not a time";
    request.time = time;
    request.utcOffsetMin = reader.offsetMin;
    return undefined;
  };
}

function compileBindings(mapping: JsonFieldMapping): JsonBinding[] {
  const bindings: JsonBinding[] = [];
  const sinks = targets(); // per parser: sinks keep per-source state (interned names, time caches)
  for (const target of TARGET_NAMES) {
    const where = mapping[target];
    if (where === undefined) continue;
    const sink = sinks[target];
    bindings.push(binding(where, sink === null ? timeApply() : fromText(sink, NUMERIC[target]), target, DETAIL_TARGETS.has(target)));
  }
  return bindings;
}

/** A line's first char that is not JSON whitespace. */
function firstSignificant(line: string): number {
  let i = 0;
  for (let c = line.charCodeAt(0); c === 32 || c === 9 || c === 13 || c === 10; c = line.charCodeAt(++i));
  return line.charCodeAt(i);
}

export function compileJsonFormat(format?: string, options: TextFormatOptions = {}): CompiledParser {
  return compileJsonMapping("json", format && format.trim() ? readMapping(format) : DEFAULT_JSON_MAPPING, options);
}

/** The plan of one mapping (its sinks are its own): what compileJsonMapping parses with. */
export function compileJsonPlan(mapping: JsonFieldMapping, options: TextFormatOptions = {}): JsonPlan {
  return compilePlan(compileBindings(mapping), options);
}

/** A parser for one mapping; CDN presets (formats/cdn/) use it with their own kind and mapping. */
export function compileJsonMapping(kind: ProxyKind, mapping: JsonFieldMapping, options: TextFormatOptions = {}): CompiledParser {
  const plan = compileJsonPlan(mapping, options);
  // varnishncsa -j -b -c shipped as JSON: the same client/backend rule as the text format.
  const rule = sideRule(mapping.side !== undefined, mapping.handling !== undefined);
  return {
    kind,
    parse(line: string): ParseOutcome {
      if (firstSignificant(line) !== 123) return { ok: false, reason: "expected a JSON object" };
      const outcome = parseJsonLine(line, plan, noEvidence);
      if (rule === "every-line" || !outcome.ok || outcome.kind !== "request") return outcome;
      const why = uncountedWhy(outcome.request, rule);
      return why === undefined ? outcome : { ok: true, kind: "uncounted", request: outcome.request, why };
    },
  };
}
