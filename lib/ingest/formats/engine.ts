// The shared line engine of the text formats. A format compiles into a leading literal followed
// by (field, literal-after) steps; a line is read left to right with indexOf on each literal,
// so the work per line is linear in its length and there is no per-line regex.

import { generateRunner, type TextFormatRunner } from "@/lib/ingest/formats/engine-run";
import { FormatError } from "@/lib/ingest/formats/format-error";
import { ignoreField } from "@/lib/ingest/formats/sinks";
import type { ParsedRequest, ProxyKind } from "@/lib/ingest/types";
import type { DetailApply, FieldApply, FormatPiece, Step } from "@/lib/ingest/formats/fields";

// The field vocabulary lives in fields.ts (the sinks and the runner need it too); formats import it from here.
export type { DetailApply, FieldApply, FieldSpec, FormatPiece, Step } from "@/lib/ingest/formats/fields";

/** A field only 5xx lines are read for: nothing to do on the others. */
export function detailOnly(detail: DetailApply): { apply: FieldApply; detail: DetailApply } {
  return { apply: ignoreField, detail };
}

/** One sink doing both: for readers that want every line's detail (JSON lines). */
export function withDetail(apply: FieldApply, detail: DetailApply): FieldApply {
  return (request, line, start, end) => apply(request, line, start, end) ?? detail(request, line, start, end);
}

export interface TextFormat {
  leading: string;
  steps: Step[];
  /** The format compiled to straight-line code (see engine-run.ts). */
  run: TextFormatRunner;
}

export interface TextFormatOptions {
  /** Apply `detail` fields only to 5xx lines (the aggregator's parse); default: to every line. */
  lean?: boolean;
  /** Varnish: the source declares that `varnishncsa -b` feeds it, so every line is a backend transaction. */
  backendSide?: boolean;
}

export function compileTextFormat(kind: ProxyKind, pieces: FormatPiece[], options: TextFormatOptions = {}): TextFormat {
  const merged: FormatPiece[] = [];
  for (const piece of pieces) {
    const previous = merged[merged.length - 1];
    if ("literal" in piece && previous && "literal" in previous) previous.literal += piece.literal;
    else if ("field" in piece && previous && "field" in previous) {
      throw new FormatError(kind, piece.field.label, piece.field.position, "no separator before specifier");
    } else merged.push("literal" in piece ? { literal: piece.literal } : piece);
  }
  let index = 0;
  let leading = "";
  if (merged[0] && "literal" in merged[0]) {
    leading = merged[0].literal;
    index = 1;
  }
  const steps: Step[] = [];
  for (; index < merged.length; index++) {
    const piece = merged[index];
    if (!("field" in piece)) continue;
    const next = merged[index + 1];
    const after = next && "literal" in next ? next.literal : "";
    const before = index > 0 ? merged[index - 1] : undefined;
    const opensQuote = before !== undefined && "literal" in before && before.literal.endsWith('"');
    steps.push({
      field: piece.field,
      after,
      afterCollapsed: after.startsWith(" ") ? after.slice(1) : after,
      innerSeparators: after && piece.field.sample ? countOccurrences(piece.field.sample, after) : 0,
      quoted: opensQuote && after.startsWith('"'),
      multiValued: piece.field.multiValued === true && after.startsWith(" "),
      beforePort: piece.field.beforePort === true && after.startsWith(":"),
      last: false,
    });
  }
  if (steps.length === 0) throw new FormatError(kind, leading, 0, "no field in format");
  steps[steps.length - 1].last = true;
  const compact = mergeIgnoredRuns(steps);
  return { leading, steps: compact, run: generateRunner(leading, compact, options.lean === true) };
}

/** A field nobody reads, ended by one plain character: HAProxy's `%ac/%fc/%bc/%sc/%rc` and the like. */
function isPlainIgnored(step: Step): boolean {
  const { field } = step;
  return field.apply === ignoreField && field.detail === undefined && !field.optionalBraced && !step.beforePort && !step.multiValued && !step.quoted &&
    step.innerSeparators === 0 && !step.last && step.after.length === 1 && step.after !== '"';
}

/**
 * Runs of ignored fields collapse into one step that only finds the run's end: for
 * `%ac/%fc/%bc/%sc/%rc %sq/%bq ` that is two searches for " " instead of seven searches.
 */
function mergeIgnoredRuns(steps: Step[]): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < steps.length; i++) {
    let j = i;
    while (j + 1 < steps.length && isPlainIgnored(steps[j]) && isPlainIgnored(steps[j + 1])) j++;
    if (j === i) {
      out.push(steps[i]);
      continue;
    }
    const run = steps.slice(i, j + 1);
    const after = steps[j].after;
    out.push({
      ...steps[j],
      field: { label: run.map((step) => step.field.label).join(steps[i].after), position: steps[i].field.position, apply: ignoreField },
      innerSeparators: run.slice(0, -1).filter((step) => step.after === after).length,
    });
    i = j;
  }
  return out;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Reads `line[start, end)` into `request`; returns the reason when the line does not fit. */
export function runTextFormat(format: TextFormat, line: string, start: number, end: number, request: ParsedRequest): string | undefined {
  return format.run(line, start, end, request);
}
