// Shared machinery of JSON access logs (Envoy json_format, JSON lines from CDNs, Vector, ...):
// bindings (candidate key paths → sink) compiled into a plan that walks each parsed object's
// own keys once, instead of probing every candidate path of every binding. Lines of a known
// layout skip JSON.parse altogether (json-fast.ts); this file reads the others.

import type { TextFormatOptions } from "@/lib/ingest/formats/engine";
import { DETAIL_FROM_STATUS } from "@/lib/ingest/formats/engine-run";
import { isObject, refusal, walk, type JsonBinding, type JsonObject } from "@/lib/ingest/formats/json-bindings";
import { compileFastPlan, learnLayoutWhenDue, scanJsonLine, type FastPlan } from "@/lib/ingest/formats/json-fast";
import { missingEssentials, newRequest } from "@/lib/ingest/formats/request";
import type { ParsedRequest, ParseOutcome, RequestEvidence } from "@/lib/ingest/types";

export { binding, fromText, type JsonApply, type JsonBinding } from "@/lib/ingest/formats/json-bindings";

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
  /** The same bindings read from learned line layouts, without JSON.parse (json-fast.ts). */
  fast: FastPlan;
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
  const lean = options.lean === true;
  return { bindings, byKey, nested, shapes: [], nextShape: 0, lean, fast: compileFastPlan(bindings, lean) };
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

/**
 * Parses one JSON line into a request with the plan's bindings: from a learned layout when the
 * line fits one, else with JSON.parse (and its layout is learned for the next lines).
 */
export function parseJsonLine(line: string, plan: JsonPlan, evidence: () => RequestEvidence): ParseOutcome {
  const fast = scanJsonLine(line, plan.fast, evidence);
  if (fast !== undefined) return fast;
  const object = parseObject(line);
  if (typeof object === "string") return { ok: false, reason: object };
  learnLayoutWhenDue(plan.fast, line);
  return readObject(object, plan, evidence);
}

/** Parses one JSON line with JSON.parse: every line the layouts do not fit, and the reference they must equal. */
export function parseJsonLineParsed(line: string, plan: JsonPlan, evidence: () => RequestEvidence): ParseOutcome {
  const object = parseObject(line);
  return typeof object === "string" ? { ok: false, reason: object } : readObject(object, plan, evidence);
}

/** The line's object, or why it has none. */
function parseObject(line: string): JsonObject | string {
  let object: unknown;
  try {
    object = JSON.parse(line);
  } catch (error) {
    return `invalid JSON: ${error instanceof SyntaxError ? error.message.slice(0, 120) : "unreadable"}`;
  }
  return isObject(object) ? object : "JSON line is not an object";
}

function readObject(object: JsonObject, plan: JsonPlan, evidence: () => RequestEvidence): ParseOutcome {
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
    if (problem !== undefined) return refusal(bindings[i], problem, value);
  }
  return undefined;
}
