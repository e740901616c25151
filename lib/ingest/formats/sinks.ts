// Field sinks shared by the proxy compilers: each writes one kind of value into the request.
// Each target gets its own small function (not one generic `request[key] = v`) so every store
// site stays monomorphic on the hot path.

import type { DetailApply, FieldApply } from "@/lib/ingest/formats/fields";
import { ValueInterner } from "@/lib/ingest/formats/intern";
import { isDash, lastValueStart, parseDecimalSpan, parseIntSpan } from "@/lib/ingest/formats/scan";
import { ClfTimeReader, IsoTimeReader, parseEpochSeconds } from "@/lib/ingest/formats/time";
import type { StrftimeReader } from "@/lib/ingest/formats/strftime";
import type { ParsedRequest } from "@/lib/ingest/types";

const NOT_A_NUMBER = "is not a number";
const NOT_A_TIME = "is not a time";

export const ignoreField: FieldApply = () => undefined;

/** The span as a string, or undefined for an empty or `-` value. */
export function valueOrUndefined(line: string, start: number, end: number): string | undefined {
  return end <= start || isDash(line, start, end) ? undefined : line.slice(start, end);
}

export const statusSink: FieldApply = (request, line, start, end) => {
  const status = parseIntSpan(line, start, end);
  if (Number.isNaN(status)) return "is not a status code";
  request.status = status < 0 ? 0 : status;
  return undefined;
};

/** Response bytes; `-` is CLF for zero. */
export const bytesSink: FieldApply = (request, line, start, end) => {
  if (isDash(line, start, end)) {
    request.bytes = 0;
    return undefined;
  }
  const bytes = parseIntSpan(line, start, end);
  if (Number.isNaN(bytes)) return NOT_A_NUMBER;
  request.bytes = bytes;
  return undefined;
};

export const clientSink: DetailApply = (request, line, start, end) => {
  request.client = valueOrUndefined(line, start, end);
  return undefined;
};
export const methodSink: DetailApply = (request, line, start, end) => {
  request.method = valueOrUndefined(line, start, end);
  return undefined;
};
export const pathSink: DetailApply = (request, line, start, end) => {
  request.path = valueOrUndefined(line, start, end);
  return undefined;
};
export const protocolSink: DetailApply = (request, line, start, end) => {
  request.protocol = valueOrUndefined(line, start, end);
  return undefined;
};
/**
 * The backend name, interned (see intern.ts) because the aggregator keys on it. A `-` keeps
 * what another field already told (e.g. a name read from a FetchError).
 */
export function backendSink(): FieldApply {
  const interner = new ValueInterner();
  return (request, line, start, end) => {
    if (end > start && !isDash(line, start, end)) request.backend = interner.get(line, start, end);
    return undefined;
  };
}

/**
 * `GET /path HTTP/1.1` into method, path and protocol. Varnish logs the absolute URL
 * (`GET http://host/path HTTP/1.1`); `stripOrigin` keeps only its path so sources compare.
 */
export function requestLineSink(stripOrigin: boolean): DetailApply {
  return (request, line, start, end) => {
    if (end <= start || isDash(line, start, end)) return undefined;
    const firstSpace = line.indexOf(" ", start);
    if (firstSpace < 0 || firstSpace >= end) {
      request.method = line.slice(start, end);
      return undefined;
    }
    request.method = line.slice(start, firstSpace);
    let pathStart = firstSpace + 1;
    let lastSpace = line.lastIndexOf(" ", end - 1);
    if (lastSpace < pathStart) lastSpace = end;
    else request.protocol = line.slice(lastSpace + 1, end);
    if (stripOrigin && line.charCodeAt(pathStart) !== 47) {
      const scheme = line.indexOf("://", pathStart);
      if (scheme > 0 && scheme < lastSpace) {
        const slash = line.indexOf("/", scheme + 3);
        pathStart = slash > 0 && slash < lastSpace ? slash : lastSpace;
      }
    }
    request.path = pathStart < lastSpace ? line.slice(pathStart, lastSpace) : "/";
    return undefined;
  };
}

export type DurationTarget = "totalMs" | "upstreamConnectMs" | "upstreamHeaderMs" | "upstreamResponseMs" | "firstByteMs";
export type DurationUnit = "s" | "ms" | "us";

/**
 * A duration in the given unit → ms. `-` (and HAProxy's -1) leaves the field unset;
 * `multiValued` reads the last attempt of an nginx `0.001, 0.002 : 0.003` value.
 */
export function durationSink(target: DurationTarget, unit: DurationUnit, multiValued = false): FieldApply {
  const multiplier = unit === "s" ? 1000 : 1;
  const divisor = unit === "us" ? 1000 : 1;
  const read = (line: string, start: number, end: number): number => {
    const from = multiValued ? lastValueStart(line, start, end) : start;
    if (isDash(line, from, end) || end <= from) return -1;
    const first = line.charCodeAt(from);
    if (first === 45 || first === 43) {
      // HAProxy: `-1` means the phase was never reached, `+` marks logasap totals.
      const signed = parseIntSpan(line, from, end);
      return Number.isNaN(signed) ? NaN : signed < 0 ? -1 : (signed * multiplier) / divisor;
    }
    return parseDecimalSpan(line, from, end, multiplier) / divisor;
  };
  switch (target) {
    case "totalMs":
      return (request, line, start, end) => {
        const ms = read(line, start, end);
        if (Number.isNaN(ms)) return NOT_A_NUMBER;
        if (ms >= 0) request.totalMs = ms;
        return undefined;
      };
    case "upstreamConnectMs":
      return (request, line, start, end) => {
        const ms = read(line, start, end);
        if (Number.isNaN(ms)) return NOT_A_NUMBER;
        if (ms >= 0) request.upstreamConnectMs = ms;
        return undefined;
      };
    case "upstreamHeaderMs":
      return (request, line, start, end) => {
        const ms = read(line, start, end);
        if (Number.isNaN(ms)) return NOT_A_NUMBER;
        if (ms >= 0) request.upstreamHeaderMs = ms;
        return undefined;
      };
    case "upstreamResponseMs":
      return (request, line, start, end) => {
        const ms = read(line, start, end);
        if (Number.isNaN(ms)) return NOT_A_NUMBER;
        if (ms >= 0) request.upstreamResponseMs = ms;
        return undefined;
      };
    case "firstByteMs":
      return (request, line, start, end) => {
        const ms = read(line, start, end);
        if (Number.isNaN(ms)) return NOT_A_NUMBER;
        if (ms >= 0) request.firstByteMs = ms;
        return undefined;
      };
  }
}

function setTime(request: ParsedRequest, ms: number, offsetMin: number | undefined): string | undefined {
  if (Number.isNaN(ms)) return NOT_A_TIME;
  request.time = ms;
  request.utcOffsetMin = offsetMin;
  return undefined;
}

/** `10/Oct/2000:13:55:36 -0700`, brackets optional, HAProxy `.655` fractions accepted. */
export function clfTimeSink(): FieldApply {
  const reader = new ClfTimeReader();
  return (request, line, start, end) => setTime(request, reader.parse(line, start, end), reader.offsetMin);
}

export function isoTimeSink(): FieldApply {
  const reader = new IsoTimeReader();
  return (request, line, start, end) => setTime(request, reader.parse(line, start, end), reader.offsetMin);
}

/** Epoch seconds (`$msec`, `%Ts`) scaled by `unitMs` (1000 for seconds, 1 for ms, 0.001 for µs). */
export function epochTimeSink(unitMs: number): FieldApply {
  return (request, line, start, end) => {
    const secondsAsMs = parseEpochSeconds(line, start, end);
    return setTime(request, secondsAsMs === secondsAsMs ? (secondsAsMs / 1000) * unitMs : NaN, undefined);
  };
}

export function strftimeSink(reader: StrftimeReader): FieldApply {
  return (request, line, start, end) => setTime(request, reader.parse(line, start, end), reader.offsetMin);
}

/** Typical values, so the engine knows how often a separator occurs inside them. */
export const SAMPLE_CLF_TIME = "10/Oct/2000:13:55:36 -0700";
export const SAMPLE_REQUEST_LINE = "GET /index.html HTTP/1.1";
