// The fast way to read a JSON line: lines of one stream almost always write the same keys in
// the same order, so each such layout gets a pattern (json-scan.ts) that checks the whole line
// in one native pass and captures only the values the bindings read. Nothing else is built.
// A line that fits no learned layout is read with JSON.parse (json-lines.ts), which is also
// where layouts are learned from. The outcome is the same either way: same values, same
// bindings in the same order, same messages.

import { DETAIL_FROM_STATUS } from "@/lib/ingest/formats/engine-run";
import { refusal, walk, type JsonBinding } from "@/lib/ingest/formats/json-bindings";
import { numberOf } from "@/lib/ingest/formats/json-number";
import { GROUPS_PER_VALUE, layoutSource, readLayout, type Layout } from "@/lib/ingest/formats/json-scan";
import { missingEssentials, newRequest } from "@/lib/ingest/formats/request";
import type { ParsedRequest, ParseOutcome, RequestEvidence } from "@/lib/ingest/types";

/** One way to read a binding: a literal key, or (segments set) a nested walk from its first segment. */
interface Candidate {
  key: string;
  segments?: readonly string[];
}

/** A candidate resolved in one pattern: its groups (json-scan.ts valueSource) start at `group`. */
interface Read {
  group: number;
  segments?: readonly string[];
}

/** A layout's pattern for one set of bindings, and per binding its reads, best first. */
interface Capture {
  pattern: RegExp;
  reads: (Read[] | undefined)[];
}

interface LearnedLayout {
  /** Lean plans: the bindings every line needs; undefined for a full plan. */
  counted: Capture | undefined;
  full: Capture;
  /** Lines it read: whether learning it paid. */
  hits: number;
}

export interface FastPlan {
  bindings: readonly JsonBinding[];
  lean: boolean;
  /** Per binding, its candidates in the order JSON.parse's reading tries them. */
  candidates: Candidate[][];
  layouts: LearnedLayout[];
  /** The layout the last line fitted: tried first. */
  last: number;
  next: number;
  /**
   * Learning is rationed: compiling a pattern costs as much as thousands of lines, so a stream
   * of ever-new layouts must not compile one per line. A layout that did not pay doubles the
   * number of misses before the next try; one that did resets it.
   */
  misses: number;
  interval: number;
  /** The layout learned last, to see whether it paid. */
  newest: LearnedLayout | undefined;
}

const LAYOUTS_KEPT = 12;
/** Lines a learned layout must read to count as paid. */
const PAID = 64;
const MAX_INTERVAL = 65_536;

export function compileFastPlan(bindings: readonly JsonBinding[], lean: boolean): FastPlan {
  // Best rank first; at a tie the literal key before the nested walk of the same path.
  const candidates = bindings.map((entry) =>
    entry.paths.flatMap((path): Candidate[] => {
      const segments = path.split(".");
      return segments.length > 1 ? [{ key: path }, { key: segments[0], segments }] : [{ key: path }];
    }),
  );
  return { bindings, lean, candidates, layouts: [], last: 0, next: 0, misses: 0, interval: 1, newest: undefined };
}

/** The pattern and reads of one layout for the bindings `wanted` picks. */
function capture(plan: FastPlan, layout: Layout, wanted: (entry: JsonBinding) => boolean): Capture {
  const position = new Map<string, number>();
  layout.keys.forEach((key, j) => position.set(key, j)); // a repeated key: JSON.parse keeps the last value
  const captured = new Set<number>();
  plan.bindings.forEach((entry, i) => {
    if (wanted(entry)) for (const candidate of plan.candidates[i]) if (position.has(candidate.key)) captured.add(position.get(candidate.key)!);
  });
  const groupOf = new Map<number, number>();
  let group = 1;
  layout.keys.forEach((_, j) => {
    if (!captured.has(j)) return;
    groupOf.set(j, group);
    group += GROUPS_PER_VALUE;
  });
  const reads = plan.bindings.map((entry, i) => {
    if (!wanted(entry)) return undefined;
    const list = plan.candidates[i].flatMap(({ key, segments }) => (position.has(key) ? [{ group: groupOf.get(position.get(key)!)!, segments }] : []));
    return list.length > 0 ? list : undefined;
  });
  return { pattern: new RegExp(layoutSource(layout, captured)), reads };
}

function learned(plan: FastPlan, layout: Layout): LearnedLayout {
  return { counted: plan.lean ? capture(plan, layout, (entry) => !entry.detail) : undefined, full: capture(plan, layout, () => true), hits: 0 };
}

/** Learns the layout of a line JSON.parse accepted as an object, when the ration allows. */
export function learnLayoutWhenDue(plan: FastPlan, line: string): void {
  if (++plan.misses < plan.interval) return;
  plan.misses = 0;
  const paid = plan.newest === undefined || plan.newest.hits >= PAID;
  plan.interval = paid ? 1 : Math.min(plan.interval * 2, MAX_INTERVAL);
  plan.newest = learnLayout(plan, line);
}

/** Learns the layout of a line JSON.parse accepted as an object; undefined when it has none. */
export function learnLayout(plan: FastPlan, line: string): LearnedLayout | undefined {
  const layout = readLayout(line);
  if (layout === undefined) return undefined;
  let fitting: LearnedLayout;
  try {
    fitting = learned(plan, layout);
    if (!fitting.full.pattern.test(line)) fitting = learned(plan, { ...layout, spaced: true });
  } catch {
    return undefined; // a pattern too large for the engine: such lines stay with JSON.parse
  }
  if (!fitting.full.pattern.test(line)) return undefined; // the guess was wrong
  if (plan.layouts.length < LAYOUTS_KEPT) plan.last = plan.layouts.push(fitting) - 1;
  else {
    plan.layouts[plan.next] = fitting;
    plan.last = plan.next;
    plan.next = (plan.next + 1) % LAYOUTS_KEPT;
  }
  return fitting;
}

/** The learned layout that fits the line with its captures, last one's first; undefined if none. */
function fit(plan: FastPlan, line: string): { layout: LearnedLayout; match: RegExpExecArray } | undefined {
  const { layouts } = plan;
  for (let k = 0; k < layouts.length; k++) {
    const index = k === 0 ? plan.last : k === plan.last ? 0 : k;
    const layout = layouts[index];
    const match = (layout.counted ?? layout.full).pattern.exec(line);
    if (match !== null) {
      plan.last = index;
      layout.hits++;
      return { layout, match };
    }
  }
  return undefined;
}

/**
 * Reads a line that fits a learned layout; undefined when none fits (the caller reads it with
 * JSON.parse then).
 */
export function scanJsonLine(line: string, plan: FastPlan, evidence: () => RequestEvidence): ParseOutcome | undefined {
  const fitted = fit(plan, line);
  if (fitted === undefined) return undefined;
  const request = newRequest(evidence());
  const { counted, full } = fitted.layout;
  let problem: string | undefined;
  if (counted === undefined) problem = fill(plan, full, fitted.match, request, EVERY);
  else {
    problem = fill(plan, counted, fitted.match, request, COUNTED);
    if (problem === undefined && request.status >= DETAIL_FROM_STATUS) {
      // Only 5xx lines pay for the detail values: the same line again, capturing all of them.
      const match = full.pattern.exec(line);
      if (match === null) return undefined;
      problem = fill(plan, full, match, request, DETAIL);
    }
  }
  problem ??= missingEssentials(request);
  return problem === undefined ? { ok: true, kind: "request", request } : { ok: false, reason: problem };
}

const EVERY = 0;
const COUNTED = 1;
const DETAIL = 2;

/** Applies the bindings of one kind, as json-lines.ts `fill` does from a parsed object. */
function fill(plan: FastPlan, capture: Capture, match: RegExpExecArray, request: ParsedRequest, which: number): string | undefined {
  const { bindings } = plan;
  for (let i = 0; i < bindings.length; i++) {
    const reads = capture.reads[i];
    if (reads === undefined || (which !== EVERY && bindings[i].detail !== (which === DETAIL))) continue;
    let value: unknown = null;
    for (let r = 0; r < reads.length && (value === null || value === undefined); r++) value = valueOf(match, reads[r]);
    if (value === null || value === undefined) continue;
    const problem = bindings[i].apply(request, value);
    if (problem !== undefined) return refusal(bindings[i], problem, value);
  }
  return undefined;
}

/** The value a read names, as JSON.parse would have built it. */
function valueOf(match: RegExpExecArray, read: Read): unknown {
  const { group } = read;
  const other = match[group + 4] as string | undefined;
  if (read.segments !== undefined) return other !== undefined && other.charCodeAt(0) === 123 ? walk(JSON.parse(other), read.segments, 1) : undefined;
  const head = match[group + 2] as string | undefined;
  if (head !== undefined) return numberOf(head, match[group + 3]);
  if (other === undefined) {
    const plain = match[group];
    const escaped = match[group + 1];
    return escaped.length === 0 ? plain : JSON.parse(`"${plain}${escaped}"`);
  }
  switch (other.charCodeAt(0)) {
    case 116: return true;
    case 102: return false;
    case 110: return null;
    default: return JSON.parse(other); // an object or array
  }
}
