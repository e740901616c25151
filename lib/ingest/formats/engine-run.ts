// Turns a compiled text format into one straight-line function per format, in the spirit of
// GoAccess compiling its log-format. Why generate code: a generic loop over steps calls every
// field sink from one call site, which V8 sees as megamorphic and never inlines; in generated
// code each step has its own call site, stays monomorphic and gets inlined. It halves the cost
// per line on formats with many fields.
//
// Safety: the generated source contains only step indexes and literal *lengths*; every literal,
// sink and helper is passed in as an argument and bound to a local. No text from the format
// string (user input) ever becomes code.

import type { Step } from "@/lib/ingest/formats/fields";
import { ignoreField } from "@/lib/ingest/formats/sinks";
import type { ParsedRequest } from "@/lib/ingest/types";

export type TextFormatRunner = (line: string, start: number, end: number, request: ParsedRequest) => string | undefined;

/**
 * Lines whose status is at least this get their `detail` fields in a lean parse: the 5xx, the
 * only lines whose client, request line and failure evidence anything reads (cause, error-log
 * join, samples). Everything counted (time, status, backend, bytes, durations, handling) is
 * read on every line.
 */
export const DETAIL_FROM_STATUS = 500;

/** Step index used for a mismatch of the leading literal. */
const LEADING = -1;

function show(text: string): string {
  return JSON.stringify(text);
}

function clip(line: string, start: number, end: number): string {
  return end - start > 60 ? `${line.slice(start, start + 57)}...` : line.slice(start, end);
}

/** Scanning helpers the generated code calls for the less common step kinds. */
const helpers = {
  /** Next `after`, skipping the ones inside the value (`inner`) and backslash-escaped quotes. */
  findSeparator(line: string, from: number, end: number, after: string, inner: number, quoted: boolean): number {
    let at = line.indexOf(after, from);
    for (let k = 0; k < inner && at >= 0 && at < end; k++) at = line.indexOf(after, at + 1);
    if (quoted) {
      // A `\"` inside a quoted value (varnishncsa escapes that way) is part of the value.
      while (at > from && at < end && line.charCodeAt(at - 1) === 92 && line.charCodeAt(at - 2) !== 92) at = line.indexOf(after, at + 1);
    }
    return at < 0 || at + after.length > end ? -1 : at;
  },
  /** Skips the `, ` and ` : ` that join nginx's per-attempt values when the separator is a space. */
  findMultiValueEnd(line: string, from: number, end: number, after: string): number {
    let at = line.indexOf(after, from);
    while (at > from && at < end) {
      if (line.charCodeAt(at - 1) === 44) at = line.indexOf(after, at + 1);
      else if (line.charCodeAt(at + 1) === 58 && line.charCodeAt(at + 2) === 32) at = line.indexOf(after, at + 3);
      else break;
    }
    return at < 0 || at + after.length > end ? -1 : at;
  },
  /** `addr:port`: the last `after` before the next space, so IPv6 addresses stay whole. */
  findBeforePort(line: string, from: number, end: number, after: string): number {
    const space = line.indexOf(" ", from);
    const at = line.lastIndexOf(after, (space < 0 || space > end ? end : space) - 1);
    return at < from ? -1 : at;
  },
  /** An absent HAProxy capture block: its separator was already written; returns the new position. */
  skipAbsentBlock(line: string, from: number, end: number, after: string, collapsed: string, last: boolean): number {
    if (last) return from === end ? from : -1;
    const rest = line.charCodeAt(from - 1) === 32 ? collapsed : after;
    return matchesAt(line, from, rest) ? from + rest.length : -1;
  },
  matchesAt,
};

/** `line` holds `text` at `at`. (String#startsWith with a position is a slow builtin call in V8.) */
function matchesAt(line: string, at: number, text: string): boolean {
  if (at < 0 || at + text.length > line.length) return false;
  for (let i = 0; i < text.length; i++) if (line.charCodeAt(at + i) !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Source of a test that `line` holds the literal named `name` at `at`: short literals become
 * char-code comparisons (only the numeric codes enter the source), longer ones a helper call.
 */
function literalTest(literal: string, name: string, at: string): string {
  if (literal.length === 0) return "true";
  if (literal.length > 6) return `H.matchesAt(line, ${at}, ${name})`;
  return Array.from(literal, (_, k) => `line.charCodeAt(${at} + ${k}) === ${literal.charCodeAt(k)}`).join(" && ");
}

/** Message for a line that does not fit the format at `step` (LEADING: the leading literal). */
function misfit(leading: string, steps: Step[], step: number, position: number): string {
  if (step === LEADING) return `expected ${show(leading)} at column ${position + 1}`;
  const { field, after, last } = steps[step];
  if (field.optionalBraced) return `${field.label} block is not closed as expected (column ${position + 1})`;
  if (last && after) return `expected ${show(after)} at the end of the line after ${field.label}`;
  return `expected ${show(after)} after ${field.label} (value starts at column ${position + 1})`;
}

function invalidValue(steps: Step[], step: number, problem: string, line: string, start: number, end: number): string {
  return `${steps[step].field.label} ${problem}: ${show(clip(line, start, end))}`;
}

/** Source of the code that finds the value's end `e` of step `i`, starting at `p`. */
function valueEndSource(step: Step, i: number): string {
  const fail = `return M(${i}, p);`;
  if (step.last && step.after === "") return "e = end;";
  if (step.last) return `if (end - ${step.after.length} < p || !(${literalTest(step.after, `S${i}`, `end - ${step.after.length}`)})) ${fail} e = end - ${step.after.length};`;
  if (step.beforePort) return `e = H.findBeforePort(line, p, end, S${i}); if (e < 0) ${fail}`;
  if (step.multiValued) return `e = H.findMultiValueEnd(line, p, end, S${i}); if (e < 0) ${fail}`;
  if (step.innerSeparators > 0) {
    return `e = H.findSeparator(line, p, end, S${i}, ${step.innerSeparators}, ${step.quoted}); if (e < 0) ${fail}`;
  }
  if (step.quoted) {
    // Inline form of findSeparator for the common quoted field: skip `\"` inside the value.
    return [
      `e = line.indexOf(S${i}, p);`,
      `while (e > p && line.charCodeAt(e - 1) === 92 && line.charCodeAt(e - 2) !== 92) e = line.indexOf(S${i}, e + 1);`,
      `if (e < 0 || e + ${step.after.length} > end) ${fail}`,
    ].join(" ");
  }
  return `e = line.indexOf(S${i}, p); if (e < 0 || e + ${step.after.length} > end) ${fail}`;
}

function stepSource(step: Step, i: number, lean: boolean): string {
  // Fields nobody reads only need their end found.
  const apply = step.field.apply === ignoreField ? "" : `m = A${i}(r, line, p, e); if (m !== undefined) return V(${i}, m, line, p, e); `;
  // Detail: applied now (full), or its span kept in two locals until the status is known (lean).
  const detail = step.field.detail === undefined ? "" : lean ? `d${i} = p; f${i} = e; ` : `D${i}(r, line, p, e); `;
  const read = `${apply}${detail}p = e + ${step.after.length};`;
  if (!step.field.optionalBraced) return `${valueEndSource(step, i)}\n${read}`;
  return [
    `if (line.charCodeAt(p) !== 123) { m = H.skipAbsentBlock(line, p, end, S${i}, C${i}, ${step.last}); if (m < 0) return M(${i}, p); p = m; }`,
    `else { e = line.indexOf("}", p) + 1; if (e === 0 || e > end || !(${literalTest(step.after, `S${i}`, "e")})) return M(${i}, p); ${read} }`,
  ].join("\n");
}

/** Lean: locals for the detail spans, and their use, in field order, once the line is a 5xx. */
function deferredDetailSource(steps: Step[]): { declare: string; apply: string } {
  const deferred = steps.flatMap((step, i) => (step.field.detail === undefined ? [] : [i]));
  if (deferred.length === 0) return { declare: "", apply: "" };
  return {
    declare: `let ${deferred.map((i) => `d${i} = -1, f${i} = 0`).join(", ")};`,
    apply: `if (r.status >= ${DETAIL_FROM_STATUS}) { ${deferred.map((i) => `if (d${i} >= 0) D${i}(r, line, d${i}, f${i});`).join(" ")} }`,
  };
}

export function generateRunner(leading: string, steps: Step[], lean: boolean): TextFormatRunner {
  const bindings = steps.map((_, i) => `const S${i} = steps[${i}].after, C${i} = steps[${i}].afterCollapsed, A${i} = steps[${i}].field.apply, D${i} = steps[${i}].field.detail;`);
  const deferred = lean ? deferredDetailSource(steps) : { declare: "", apply: "" };
  const body = [
    '"use strict";',
    ...bindings,
    "const M = (step, position) => misfit(leading, steps, step, position);",
    "const V = (step, problem, line, start, end) => invalidValue(steps, step, problem, line, start, end);",
    "return function run(line, start, end, r) {",
    "let p = start, e = 0, m;",
    deferred.declare,
    leading ? `if (!(${literalTest(leading, "leading", "p")})) return M(${LEADING}, p); p += ${leading.length};` : "",
    ...steps.map((step, i) => stepSource(step, i, lean)),
    deferred.apply,
    "return undefined;",
    "};",
  ].join("\n");
  // See the header comment: only indexes and lengths are spliced into this source.
  const factory = new Function("steps", "leading", "H", "misfit", "invalidValue", body) as (
    steps: Step[],
    leading: string,
    scanning: typeof helpers,
    describeMisfit: typeof misfit,
    describeValue: typeof invalidValue,
  ) => TextFormatRunner;
  return factory(steps, leading, helpers, misfit, invalidValue);
}
