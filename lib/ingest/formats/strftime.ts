// Reads times written with a strftime pattern: varnishncsa `%{X}t` and Envoy
// `%START_TIME(X)%`. Compiled once into tokens; only the conversions that carry a date, a time,
// a fraction or a zone are interpreted, names of days and zones are skipped.

import { daysFromCivil, digitsAt, monthAt, zoneOffsetAt } from "@/lib/ingest/formats/time";

type Token = { kind: "literal"; text: string } | { kind: "conversion"; letter: string };

/** Conversions we can read back, with a representative output (used to count separators). */
const SAMPLES: Record<string, string> = {
  Y: "2000", y: "00", m: "10", d: "10", e: "10", H: "13", M: "55", S: "36", b: "Oct", h: "Oct",
  B: "October", a: "Tue", A: "Tuesday", z: "+0000", Z: "UTC", T: "13:55:36", F: "2000-10-10",
  D: "10/10/00", R: "13:55", s: "971186136", f: "000", j: "284", p: "PM", n: " ", t: "\t", "%": "%",
};
const EXPANSIONS: Record<string, string> = { T: "%H:%M:%S", F: "%Y-%m-%d", D: "%m/%d/%y", R: "%H:%M" };

export class StrftimeError extends Error {
  constructor(readonly conversion: string, readonly index: number) {
    super(`unsupported strftime conversion "${conversion}"`);
  }
}

export class StrftimeReader {
  /** Minutes east of UTC from the last parse's %z; undefined when the pattern has none. */
  offsetMin: number | undefined;
  /** What a formatted value looks like; callers count separators inside it. */
  readonly sample: string;
  private readonly tokens: Token[];

  constructor(pattern: string) {
    this.tokens = tokenize(pattern);
    this.sample = this.tokens.map((t) => (t.kind === "literal" ? t.text : SAMPLES[t.letter])).join("");
  }

  parse(line: string, start: number, end: number): number {
    let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0;
    let epochSeconds = NaN;
    let offset: number | undefined;
    let at = start;
    for (const token of this.tokens) {
      if (token.kind === "literal") {
        if (!line.startsWith(token.text, at)) return NaN;
        at += token.text.length;
        continue;
      }
      const letter = token.letter;
      if (letter === "Y") { year = digitsAt(line, at, 4); at += 4; }
      else if (letter === "y") { const v = digitsAt(line, at, 2); year = v < 69 ? 2000 + v : 1900 + v; at += 2; }
      else if (letter === "m") { month = digitsAt(line, at, 2); at += 2; }
      else if (letter === "d") { day = digitsAt(line, at, 2); at += 2; }
      else if (letter === "e") { const pad = line.charCodeAt(at) === 32 ? 1 : 0; const n = runLength(line, at + pad, end, isDigit); day = digitsAt(line, at + pad, n); at += pad + n; }
      else if (letter === "H") { hour = digitsAt(line, at, 2); at += 2; }
      else if (letter === "M") { minute = digitsAt(line, at, 2); at += 2; }
      else if (letter === "S") { second = digitsAt(line, at, 2); at += 2; }
      else if (letter === "b" || letter === "h") { month = monthAt(line, at); at += 3; }
      else if (letter === "B") { month = monthAt(line, at); at += runLength(line, at, end, isLetter); }
      else if (letter === "j") { at += 3; }
      else if (letter === "z") { const n = line.charCodeAt(at + 3) === 58 ? 6 : 5; offset = zoneOffsetAt(line, at, at + n); at += n; }
      else if (letter === "s") { const n = runLength(line, at, end, isDigit); epochSeconds = n > 0 && n < 16 ? Number(line.slice(at, at + n)) : NaN; at += n; }
      else if (letter === "f") { const n = runLength(line, at, end, isDigit); fraction = n > 0 ? digitsAt(line, at, Math.min(n, 9)) / 10 ** Math.min(n, 9) : 0; at += n; }
      else { at += letter === "n" || letter === "t" || letter === "%" ? 1 : runLength(line, at, end, isLetter); }
      if (at > end) return NaN;
    }
    if (at !== end) return NaN;
    if (offset !== undefined && Number.isNaN(offset)) return NaN;
    this.offsetMin = offset;
    if (!Number.isNaN(epochSeconds)) return epochSeconds * 1000 + Math.floor(fraction * 1000 + 1e-9);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
    const wall = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(fraction * 1000 + 1e-9);
    return wall - (offset ?? 0) * 60_000;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}
function runLength(line: string, at: number, end: number, accept: (c: number) => boolean): number {
  let i = at;
  while (i < end && accept(line.charCodeAt(i))) i++;
  return i - at;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let literal = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch !== "%") {
      literal += ch;
      continue;
    }
    // Envoy's %3f / %6f / %9f: the digit only sets a precision.
    let j = i + 1;
    while (j < pattern.length && pattern[j] >= "0" && pattern[j] <= "9") j++;
    const letter = pattern[j];
    if (letter === undefined || !(letter in SAMPLES) || (j > i + 1 && letter !== "f")) {
      throw new StrftimeError(pattern.slice(i, j + 1), i);
    }
    if (literal) tokens.push({ kind: "literal", text: literal });
    literal = "";
    const expansion = EXPANSIONS[letter];
    if (expansion) tokens.push(...tokenize(expansion));
    else tokens.push({ kind: "conversion", letter });
    i = j;
  }
  if (literal) tokens.push({ kind: "literal", text: literal });
  return tokens;
}
