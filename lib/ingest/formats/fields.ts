// The vocabulary of a compiled text format: what a field writes and how the engine steps through
// a line. Types only, below the engine (engine.ts), its generated runner (engine-run.ts) and the
// sinks (sinks.ts), so none of those three needs another to name them.
import type { ParsedRequest } from "@/lib/ingest/types";

/** Writes one field's value into the request; returns a short reason when the value is invalid. */
export type FieldApply = (request: ParsedRequest, line: string, start: number, end: number) => string | undefined;
/** Writes what only a 5xx line needs into the request; it cannot reject the line. */
export type DetailApply = (request: ParsedRequest, line: string, start: number, end: number) => undefined;

export interface FieldSpec {
  /** The specifier as written (`%s`, `$status`, `%RESPONSE_CODE%`), for messages. */
  label: string;
  /** Index of the specifier in the format string. */
  position: number;
  apply: FieldApply;
  /**
   * What only a 5xx line needs (client, request line, failure evidence). A full parse applies it
   * right after `apply`; a lean parse remembers where the value is and applies it once the line
   * turns out to be a 5xx (DETAIL_FROM_STATUS in engine-run.ts). It cannot fail: validation belongs in `apply`, so
   * both parses accept and reject exactly the same lines.
   */
  detail?: DetailApply;
  /** What a value typically looks like: the literal after it is skipped as often as it occurs here. */
  sample?: string;
  /** HAProxy captures (`%hr`, `%hs`): a `{...}` block that is simply absent when nothing is captured. */
  optionalBraced?: boolean;
  /** nginx upstream variables: `, ` and ` : ` inside the value are not the separator. */
  multiValued?: boolean;
  /** An address followed by `:port` (HAProxy `%ci:%cp`): split at the last `:` so IPv6 survives. */
  beforePort?: boolean;
}

export type FormatPiece = { literal: string } | { field: FieldSpec };

export interface Step {
  field: FieldSpec;
  after: string;
  /** `after` without a leading space: what follows an absent optional field (HAProxy collapses spaces). */
  afterCollapsed: string;
  /** How many occurrences of `after` belong to the value itself. */
  innerSeparators: number;
  /** Value sits between double quotes, so a backslash-escaped quote does not end it. */
  quoted: boolean;
  multiValued: boolean;
  beforePort: boolean;
  last: boolean;
}
