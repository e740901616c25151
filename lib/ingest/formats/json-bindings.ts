// What a JSON access-log format reads: bindings of candidate key paths to sinks. Shared by the
// two ways a line is read (json-lines.ts: JSON.parse and a plan; json-fast.ts: a layout scan).

import type { FieldApply } from "@/lib/ingest/formats/engine";
import type { ParsedRequest } from "@/lib/ingest/types";

/** Reads one JSON value into the request; returns a short reason when it does not fit. */
export type JsonApply = (request: ParsedRequest, value: unknown) => string | undefined;

export interface JsonBinding {
  /** Candidate paths, first present wins; a path is a literal key (`"req.path"`) or nested keys. */
  paths: readonly string[];
  apply: JsonApply;
  /** Label for messages, e.g. `status` or `%RESPONSE_CODE%`. */
  label: string;
  /**
   * Only 5xx lines need it (FieldSpec.detail): a lean plan applies it after the others, and only
   * to a 5xx. Its `apply` must never reject a line.
   */
  detail: boolean;
}

export function binding(paths: string | readonly string[], apply: JsonApply, label: string, detail = false): JsonBinding {
  return { paths: typeof paths === "string" ? [paths] : paths, apply, label, detail };
}

/**
 * Adapts a text sink: strings are read as logged, numbers as their decimal text unless a
 * numeric reader is given (then no string is made).
 */
export function fromText(apply: FieldApply, fromNumber?: (request: ParsedRequest, value: number) => string | undefined): JsonApply {
  return (request, value) => {
    if (typeof value === "string") return apply(request, value, 0, value.length);
    if (typeof value === "number" && Number.isFinite(value)) {
      if (fromNumber) return fromNumber(request, value);
      const text = String(value);
      return apply(request, text, 0, text.length);
    }
    return undefined;
  };
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own properties only, from `segments[from]` on: a log line must not reach `constructor` or `__proto__`. */
export function walk(object: unknown, segments: readonly string[], from = 0): unknown {
  let current: unknown = object;
  for (let i = from; i < segments.length; i++) {
    const segment = segments[i];
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** The message for a value its binding refused (the same text whichever way the line was read). */
export function refusal(entry: JsonBinding, problem: string, value: unknown): string {
  return `${entry.label} ${problem}: ${JSON.stringify(value).slice(0, 60)}`;
}
