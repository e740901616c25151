// Character-level helpers for the hot path: they read numbers straight out of the line between
// two indexes, so a field never has to become a substring just to be converted.

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const SPACE = 32;
const COMMA = 44;
const COLON = 58;

/** True when the span is the single `-` proxies log for "no value". */
export function isDash(line: string, start: number, end: number): boolean {
  return end - start === 1 && line.charCodeAt(start) === MINUS;
}

/** Integer in [start, end) with an optional sign; NaN when empty or not all digits. */
export function parseIntSpan(line: string, start: number, end: number): number {
  let i = start;
  let sign = 1;
  const first = line.charCodeAt(i);
  if (first === MINUS) {
    sign = -1;
    i++;
  } else if (first === PLUS) {
    i++;
  }
  if (i >= end || end - i > 15) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  return sign * value;
}

/**
 * Non-negative decimal such as `0.123` or `12`, times `multiplier` (1000 turns seconds into ms
 * without the float noise of `0.123 * 1000`); NaN when invalid.
 */
export function parseDecimalSpan(line: string, start: number, end: number, multiplier = 1): number {
  if (start >= end || end - start > 24) return NaN;
  let whole = 0;
  let i = start;
  let digits = 0;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === DOT) break;
    if (c < ZERO || c > NINE) return NaN;
    whole = whole * 10 + (c - ZERO);
    digits++;
  }
  if (i === end) return digits > 0 ? whole * multiplier : NaN;
  let fraction = 0;
  let scale = 1;
  for (i++; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < ZERO || c > NINE) return NaN;
    if (scale < 1e9) {
      fraction = fraction * 10 + (c - ZERO);
      scale *= 10;
    }
    digits++;
  }
  return digits > 0 ? whole * multiplier + (fraction * multiplier) / scale : NaN;
}

/**
 * Start of the last value of an nginx multi-valued timer or status (`0.001, 0.002 : 0.003`).
 * Values there never contain `,` or `:`, so the last separator char is enough.
 */
export function lastValueStart(line: string, start: number, end: number): number {
  let i = end - 1;
  while (i >= start) {
    const c = line.charCodeAt(i);
    if (c === COMMA || c === COLON) break;
    i--;
  }
  i++;
  while (i < end && line.charCodeAt(i) === SPACE) i++;
  return i;
}

/**
 * Start of the last address of `$upstream_addr`. Addresses contain `:`, so the separators are
 * `, ` and ` : `; scanning back stops at the value's start (lastIndexOf would run to the line's).
 */
export function lastAddressStart(line: string, start: number, end: number): number {
  for (let i = end - 2; i >= start; i--) {
    if (line.charCodeAt(i + 1) !== SPACE) continue;
    const c = line.charCodeAt(i);
    if (c === COMMA) return i + 2;
    if (c === COLON && i > start && line.charCodeAt(i - 1) === SPACE) return i + 2;
  }
  return start;
}

/** `[status]` arrays shared by every line with one attempt (read-only, so sharing is safe). */
const SINGLE_STATUS: (readonly number[])[] = [];

/** Every attempt of an nginx multi-valued `$upstream_status`, in order; `-` becomes null. */
export function parseUpstreamStatuses(line: string, start: number, end: number): readonly (number | null)[] {
  if (end - start === 3) {
    const single = parseIntSpan(line, start, end);
    if (single >= 100 && single <= 999) return (SINGLE_STATUS[single] ??= Object.freeze([single]));
  }
  const out: (number | null)[] = [];
  let valueStart = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? line.charCodeAt(i) : COMMA;
    if (c !== COMMA && c !== COLON) continue;
    let s = valueStart;
    let e = i;
    while (s < e && line.charCodeAt(s) === SPACE) s++;
    while (e > s && line.charCodeAt(e - 1) === SPACE) e--;
    if (e > s) {
      const n = parseIntSpan(line, s, e);
      out.push(Number.isNaN(n) ? null : n);
    }
    valueStart = i + 1;
  }
  return out;
}

/** Index just past the line's content, ignoring a trailing CR/LF. */
export function contentEnd(line: string): number {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end--;
  }
  return end;
}
