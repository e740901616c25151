// The layout of a JSON line (its top-level keys in order, how deep each value nests) and the
// regular expression that recognises exactly the JSON lines of that layout.
//
// Why a regular expression: V8 runs it as native code in one pass over the line, at about a
// third of what JSON.parse costs (JSON.parse builds every value; a hand-written charCodeAt
// scanner is no faster than JSON.parse on the sliced strings lines arrive as). Every piece of
// the pattern is the JSON grammar itself (RFC 8259: strings with their escapes and no control
// characters, numbers without leading zeros, the three literals, whitespace of four kinds), so
// a line it matches is a valid JSON object with exactly these keys, and each captured value's
// text is what JSON.parse would read there. Anything else does not match and is left to
// JSON.parse, which then also gives the exact error message.

/** Top-level keys in the order the line writes them (duplicates kept), and each value's nesting depth. */
export interface Layout {
  keys: string[];
  depths: number[];
  /**
   * Whitespace between tokens. Most streams write none: their pattern allows none, which makes
   * it a quarter faster; a line that differs fits another layout (or JSON.parse).
   */
  spaced: boolean;
}

/** Deeper values are left to JSON.parse: each level doubles the pattern's size. */
export const MAX_DEPTH = 4;
/** Lines with more keys are left to JSON.parse too: their pattern would cost more to compile than it saves. */
const MAX_KEYS = 200;

const SPACE = "[ \\t\\n\\r]*";
/** A string's body up to its first escape, and the rest (escapes included; no raw `"`, `\` or control character). */
const PLAIN = String.raw`[^"\\\x00-\x1f]*`;
const ESCAPED = String.raw`(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*`;
const BODY = PLAIN + ESCAPED;
const STRING = `"${BODY}"`;
const NUMBER = String.raw`-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?`;
const LITERAL = "true|false|null";

/**
 * Objects and arrays nesting at most `depth` levels. A member or element is followed either by
 * a comma and another one (the lookahead) or by the closing bracket, so each appears once in
 * the source and the pattern only doubles per level.
 */
function containers(depth: number, space: string): string {
  const inner = depth > 1 ? `(?:${STRING}|${NUMBER}|${LITERAL}|${containers(depth - 1, space)})` : `(?:${STRING}|${NUMBER}|${LITERAL})`;
  const object = `\\{${space}(?:${STRING}${space}:${space}${inner}${space}(?:,${space}(?=")|(?=\\})))*\\}`;
  const array = `\\[${space}(?:${inner}${space}(?:,${space}(?!\\])|(?=\\])))*\\]`;
  return `${object}|${array}`;
}

/**
 * NUMBER as two groups: the sign and first digits (at most 11: V8 copies such captures into flat
 * strings, fast to read), and the rest. A leading 0 stays alone (`01` is no JSON number). The
 * rest takes digits only after all 11 (the lookbehind): one way to split, so a line that fails
 * late is not retried with every split of every number (exponential backtracking).
 */
const NUMBER_PARTS = String.raw`(-?(?:0(?![0-9])|[1-9][0-9]{0,10}))((?:(?<=[0-9]{11})[0-9]+)?(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)`;
/** Groups a captured value has (valueSource). */
export const GROUPS_PER_VALUE = 5;

/**
 * Any value nesting at most `depth` levels, captured or not. Captured: five groups, a string's
 * body up to its first escape and the rest (empty without escapes), a number's two parts
 * (NUMBER_PARTS), else the value's text.
 */
function valueSource(depth: number, captured: boolean, space: string): string {
  const other = depth > 0 ? `${LITERAL}|${containers(depth, space)}` : LITERAL;
  return captured ? `(?:"(${PLAIN})(${ESCAPED})"|${NUMBER_PARTS}|(${other}))` : `(?:${STRING}|${NUMBER}|${other})`;
}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** The pattern of lines with this layout; keys whose position is in `captured` get their groups, in key order. */
export function layoutSource(layout: Layout, captured: ReadonlySet<number>): string {
  const space = layout.spaced ? SPACE : "";
  const members = layout.keys.map((key, j) => `"${key.replace(SYNTAX, "\\$&")}"${space}:${space}${valueSource(layout.depths[j], captured.has(j), space)}${space}`);
  return `^${space}\\{${space}${members.join(`,${space}`)}\\}${space}$`;
}

function skipSpace(line: string, i: number): number {
  for (let c = line.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = line.charCodeAt(++i));
  return i;
}

/** Index after the string starting at `i` (its opening quote), or -1. */
function stringEnd(line: string, i: number): number {
  for (let k = i + 1; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 92) k++;
    else if (c === 34) return k + 1;
  }
  return -1;
}

/** Index after the value at `i` and its depth (0: not an object or array), or undefined. */
function skipValue(line: string, i: number): { end: number; depth: number } | undefined {
  const first = line.charCodeAt(i);
  if (first === 34) {
    const end = stringEnd(line, i);
    return end < 0 ? undefined : { end, depth: 0 };
  }
  if (first !== 123 && first !== 91) {
    let k = i;
    for (let c = line.charCodeAt(k); k < line.length && c !== 44 && c !== 125 && c !== 93 && c !== 32 && c !== 9 && c !== 10 && c !== 13; c = line.charCodeAt(++k));
    return k > i ? { end: k, depth: 0 } : undefined;
  }
  let open = 0;
  let deepest = 0;
  for (let k = i; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 34) {
      k = stringEnd(line, k) - 1;
      if (k < 0) return undefined;
    } else if (c === 123 || c === 91) deepest = Math.max(deepest, ++open);
    else if ((c === 125 || c === 93) && --open === 0) return { end: k + 1, depth: deepest };
  }
  return undefined;
}

/** A key usable as a literal in the pattern: written without escapes, so its text is its value. */
function plainKey(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92) return false;
  }
  return true;
}

/**
 * The layout of a line JSON.parse accepted as an object, or undefined when it cannot have one
 * (escaped keys, values nesting deeper than MAX_DEPTH, MAX_KEYS keys or more). Whitespace is
 * not looked at (`spaced` is false). Only a guess: the pattern built from it decides which
 * lines it fits, so a wrong guess only costs speed.
 */
export function readLayout(line: string): Layout | undefined {
  let i = skipSpace(line, 0);
  if (line.charCodeAt(i) !== 123) return undefined;
  const layout: Layout = { keys: [], depths: [], spaced: false };
  i = skipSpace(line, i + 1);
  if (line.charCodeAt(i) === 125) return layout;
  for (;;) {
    if (line.charCodeAt(i) !== 34) return undefined;
    const keyEnd = line.indexOf('"', i + 1);
    const key = line.slice(i + 1, keyEnd);
    i = skipSpace(line, keyEnd + 1);
    if (keyEnd < 0 || !plainKey(key) || line.charCodeAt(i) !== 58) return undefined;
    const value = skipValue(line, skipSpace(line, i + 1));
    if (value === undefined || value.depth > MAX_DEPTH || layout.keys.length >= MAX_KEYS) return undefined;
    layout.keys.push(key);
    layout.depths.push(value.depth);
    i = skipSpace(line, value.end);
    const next = line.charCodeAt(i);
    if (next === 125) return layout;
    if (next !== 44) return undefined;
    i = skipSpace(line, i + 1);
  }
}
