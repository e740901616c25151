// Shared machinery of JSON access logs (Envoy json_format, JSON lines from CDNs, Vector, ...):
// bindings (candidate key paths → sink) compiled into a plan that walks each parsed object's
// own keys once, instead of probing every candidate path of every binding.

import type { FieldApply, TextFormatOptions } from "@/lib/ingest/formats/engine";
import { DETAIL_FROM_STATUS } from "@/lib/ingest/formats/engine-run";
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

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One way to read a binding's value from an object: a literal own key, or a nested walk. */
interface Read {
  binding: number;
  /** Position among the binding's paths: lower wins. */
  rank: number;
  key: string;
  /** Set for a dotted path read as nested keys (after the same path read as one literal key). */
  segments?: string[];
}

/** For one set of top-level keys (in order): per binding, the reads that can fill it, best first. */
interface Shape {
  keys: string[];
  reads: (Read[] | undefined)[];
}

export interface JsonPlan {
  bindings: readonly JsonBinding[];
  /** Top-level key → the literal reads it can serve (a dotted path is also tried as one key). */
  byKey: Map<string, Read[]>;
  nested: Read[];
  /**
   * Lines of one stream almost always carry the same keys in the same order, so the reads are
   * resolved once per key set and reused: a few recent shapes, replaced in turn.
   */
  shapes: Shape[];
  nextShape: number;
  /** Detail bindings wait for a 5xx status (a lean plan). */
  lean: boolean;
}

const SHAPES_KEPT = 8;

export function compilePlan(bindings: readonly JsonBinding[], options: TextFormatOptions = {}): JsonPlan {
  const byKey = new Map<string, Read[]>();
  const nested: Read[] = [];
  bindings.forEach((entry, index) => {
    entry.paths.forEach((path, rank) => {
      const read: Read = { binding: index, rank, key: path };
      const list = byKey.get(path);
      if (list) list.push(read);
      else byKey.set(path, [read]);
      const segments = path.split(".");
      if (segments.length > 1) nested.push({ binding: index, rank, key: segments[0], segments });
    });
  });
  return { bindings, byKey, nested, shapes: [], nextShape: 0, lean: options.lean === true };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolves which reads can fill each binding for objects with exactly these own keys. */
function shapeFor(plan: JsonPlan, keys: string[]): Shape {
  const { shapes } = plan;
  for (let i = 0; i < shapes.length; i++) if (sameKeys(shapes[i].keys, keys)) return shapes[i];
  const reads: Shape["reads"] = new Array(plan.bindings.length).fill(undefined);
  const add = (read: Read) => (reads[read.binding] ??= []).push(read);
  for (const key of keys) plan.byKey.get(key)?.forEach(add);
  const present = new Set(keys);
  for (const read of plan.nested) if (present.has(read.key)) add(read);
  // Best rank first; at a tie the literal key comes before the nested walk of the same path.
  for (const list of reads) list?.sort((x, y) => x.rank - y.rank || (x.segments ? 1 : 0) - (y.segments ? 1 : 0));
  const shape: Shape = { keys, reads };
  if (shapes.length < SHAPES_KEPT) shapes.push(shape);
  else shapes[plan.nextShape] = shape;
  plan.nextShape = (plan.nextShape + 1) % SHAPES_KEPT;
  return shape;
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
  // Own keys only (a literal read is made only for a key in this list): a polluted
  // Object.prototype must not reach the bindings.
  const { reads } = shapeFor(plan, Object.keys(object));
  const request = newRequest(evidence());
  // A lean plan reads the detail bindings only once the status says 5xx; a full one, in turn.
  const problem =
    fill(plan, object, reads, request, plan.lean ? COUNTED : EVERY) ??
    (plan.lean && request.status >= DETAIL_FROM_STATUS ? fill(plan, object, reads, request, DETAIL) : undefined) ??
    missingEssentials(request);
  return problem === undefined ? { ok: true, kind: "request", request } : { ok: false, reason: problem };
}

const EVERY = 0;
const COUNTED = 1;
const DETAIL = 2;

/** Applies the bindings of one kind (EVERY, COUNTED: not detail, DETAIL); returns the first problem. */
function fill(plan: JsonPlan, object: JsonObject, reads: Shape["reads"], request: ParsedRequest, which: number): string | undefined {
  const { bindings } = plan;
  for (let i = 0; i < bindings.length; i++) {
    const list = reads[i];
    if (list === undefined || (which !== EVERY && bindings[i].detail !== (which === DETAIL))) continue;
    let value: unknown = null;
    for (let r = 0; r < list.length && (value === null || value === undefined); r++) {
      const read = list[r];
      value = read.segments === undefined ? object[read.key] : walk(object, read.segments);
    }
    if (value === null || value === undefined) continue;
    const problem = bindings[i].apply(request, value);
    if (problem !== undefined) return `${bindings[i].label} ${problem}: ${JSON.stringify(value).slice(0, 60)}`;
  }
  return undefined;
}
