// Shared machinery of JSON access logs (Envoy json_format, JSON lines from CDNs, Vector, ...):
// bindings (candidate key paths → sink) compiled into a plan that walks each parsed object's
// own keys once, instead of probing every candidate path of every binding.

import type { FieldApply } from "@/lib/ingest/formats/engine";
import { missingEssentials, newRequest } from "@/lib/ingest/formats/request";
import type { ParsedRequest, ParseOutcome, RequestEvidence } from "@/lib/ingest/types";

/** Reads one JSON value into the request; returns a short reason when it does not fit. */
export type JsonApply = (request: ParsedRequest, value: unknown) => string | undefined;

export interface JsonBinding {
  /** Candidate paths, first present wins; a path is a literal key (`"req.path"`) or nested keys. */
  paths: readonly string[];
  apply: JsonApply;
  /** Label for messages, e.g. `status` or `%RESPONSE_CODE%`. */
  label: string;
}

export function binding(paths: string | readonly string[], apply: JsonApply, label: string): JsonBinding {
  return { paths: typeof paths === "string" ? [paths] : paths, apply, label };
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

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface Candidate {
  binding: number;
  /** Position among the binding's paths: lower wins. */
  rank: number;
}

export interface JsonPlan {
  bindings: readonly JsonBinding[];
  /** Top-level key → bindings it can fill (a dotted path is also tried as one literal key). */
  byKey: Map<string, Candidate[]>;
  nested: (Candidate & { segments: string[] })[];
  /** Per-line scratch, reused: best rank and value found per binding. */
  ranks: Int32Array;
  values: unknown[];
}

const NONE = 0x7fffffff;

export function compilePlan(bindings: readonly JsonBinding[]): JsonPlan {
  const byKey = new Map<string, Candidate[]>();
  const nested: JsonPlan["nested"] = [];
  bindings.forEach((entry, index) => {
    entry.paths.forEach((path, rank) => {
      const list = byKey.get(path);
      if (list) list.push({ binding: index, rank });
      else byKey.set(path, [{ binding: index, rank }]);
      const segments = path.split(".");
      if (segments.length > 1) nested.push({ binding: index, rank, segments });
    });
  });
  return { bindings, byKey, nested, ranks: new Int32Array(bindings.length), values: new Array<unknown>(bindings.length) };
}

/** Own properties only: a log line must not reach `constructor` or `__proto__`. */
function walk(object: JsonObject, segments: string[]): unknown {
  let current: unknown = object;
  for (const segment of segments) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Parses one JSON line into a request with the plan's bindings. */
export function parseJsonLine(line: string, plan: JsonPlan, evidence: () => RequestEvidence): ParseOutcome {
  let object: unknown;
  try {
    object = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${error instanceof SyntaxError ? error.message.slice(0, 120) : "unreadable"}` };
  }
  if (!isObject(object)) return { ok: false, reason: "JSON line is not an object" };
  const { ranks, values, bindings } = plan;
  ranks.fill(NONE);
  // Own keys only: a polluted Object.prototype must not reach the bindings.
  const keys = Object.keys(object);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const candidates = plan.byKey.get(key);
    if (candidates === undefined) continue;
    const value = object[key];
    if (value === null || value === undefined) continue;
    for (const candidate of candidates) {
      if (candidate.rank < ranks[candidate.binding]) {
        ranks[candidate.binding] = candidate.rank;
        values[candidate.binding] = value;
      }
    }
  }
  for (const candidate of plan.nested) {
    if (candidate.rank >= ranks[candidate.binding]) continue;
    const value = walk(object, candidate.segments);
    if (value === null || value === undefined) continue;
    ranks[candidate.binding] = candidate.rank;
    values[candidate.binding] = value;
  }
  const request = newRequest(evidence());
  for (let i = 0; i < bindings.length; i++) {
    if (ranks[i] === NONE) continue;
    const value = values[i];
    values[i] = undefined;
    const problem = bindings[i].apply(request, value);
    if (problem !== undefined) {
      values.fill(undefined);
      return { ok: false, reason: `${bindings[i].label} ${problem}: ${JSON.stringify(value).slice(0, 60)}` };
    }
  }
  const problem = missingEssentials(request);
  return problem === undefined ? { ok: true, kind: "request", request } : { ok: false, reason: problem };
}
