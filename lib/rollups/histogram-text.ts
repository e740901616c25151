// Latency histograms arrive from the database as jsonb's text, `{"40": 5, "41": 3}`, one row per
// rollup row, and are added up per (bucket, group) in the process (lib/rollups/grouped-rows.ts says
// why). Every chart refresh does this for the rows still open (the last minutes of each range), so
// it reads that text directly into dense counts rather than building an object per row with
// JSON.parse and walking its keys as strings. Anything not of that plain shape (a key that is not
// a histogram index, a value that is not a number) goes the JSON.parse way, with the same result.
import { HISTOGRAM_LENGTH } from "@/lib/rollups/histogram";

/** The sums of one (bucket, group): dense counts, which indexes were present, and any other keys. */
export interface HistogramSum {
  counts: Float64Array;
  present: Uint8Array;
  other: Record<string, number> | null;
}

export const newHistogramSum = (): HistogramSum => ({ counts: new Float64Array(HISTOGRAM_LENGTH), present: new Uint8Array(HISTOGRAM_LENGTH), other: null });

// One row's pairs, parsed before any is added: a row that turns out not to be plain adds nothing twice.
const indexes = new Int32Array(HISTOGRAM_LENGTH);
const values = new Float64Array(HISTOGRAM_LENGTH);
// Which indexes this row named (the row's number): a repeated key is JSON.parse's to settle (the last wins).
const seenIn = new Float64Array(HISTOGRAM_LENGTH);
let row = 0;

/**
 * The number in text[start, end): whole numbers of up to 15 digits read in place (a count almost
 * always is one), anything else by Number, as JSON would read it. NaN when it is not a number.
 */
function numberAt(text: string, start: number, end: number): number {
  if (end <= start) return NaN;
  const negative = text.charCodeAt(start) === 45; /* - */
  let i = negative ? start + 1 : start;
  if (end - i > 15 || i === end) return Number(text.slice(start, end));
  let value = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return Number(text.slice(start, end));
    value = value * 10 + (c - 48);
  }
  return negative ? -value : value;
}

/** The pairs of a plain histogram text, into `indexes`/`values`; -1 when the text is not plain. */
function scan(text: string): number {
  const n = text.length;
  if (text.charCodeAt(0) !== 123 /* { */) return -1;
  let pairs = 0;
  let i = 1;
  row++;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 125 /* } */) return i === n - 1 ? pairs : -1;
    if (c === 44 /* , */ || c === 32 /* space */) {
      i++;
      continue;
    }
    if (c !== 34 /* " */ || pairs === HISTOGRAM_LENGTH) return -1;
    let index = 0;
    let j = i + 1;
    for (; j < n; j++) {
      c = text.charCodeAt(j);
      if (c === 34) break;
      if (c < 48 || c > 57) return -1;
      index = index * 10 + (c - 48);
    }
    // Exactly the decimal form of an index: no leading zeros (`"07"` is another key), in range.
    if (j === i + 1 || j - i > 4 || (text.charCodeAt(i + 1) === 48 && j > i + 2) || index >= HISTOGRAM_LENGTH) return -1;
    if (text.charCodeAt(j + 1) !== 58 /* : */ || seenIn[index] === row) return -1;
    seenIn[index] = row;
    j += 2;
    while (text.charCodeAt(j) === 32) j++;
    let k = j;
    while (k < n && (c = text.charCodeAt(k)) !== 44 && c !== 125) k++;
    const value = numberAt(text, j, k);
    if (!Number.isFinite(value)) return -1;
    indexes[pairs] = index;
    values[pairs++] = value;
    i = k;
  }
  return -1;
}

/** Adds one histogram's text into `into`. */
export function addHistogramText(text: string, into: HistogramSum): void {
  const pairs = scan(text);
  if (pairs >= 0) {
    for (let p = 0; p < pairs; p++) {
      into.counts[indexes[p]!] += values[p]!;
      into.present[indexes[p]!] = 1;
    }
    return;
  }
  const hist = JSON.parse(text) as Record<string, unknown>;
  for (const k in hist) {
    const index = Number(k);
    if (String(index) === k && Number.isInteger(index) && index >= 0 && index < HISTOGRAM_LENGTH) {
      into.counts[index] += Number(hist[k]);
      into.present[index] = 1;
    } else {
      const other = (into.other ??= {});
      other[k] = (other[k] ?? 0) + Number(hist[k]);
    }
  }
}

const keyTexts = new Map<string, string[]>();
/** `prefix` + each index's decimal text, made once per prefix. */
function keysFor(prefix: string): string[] {
  let keys = keyTexts.get(prefix);
  if (!keys) keyTexts.set(prefix, (keys = Array.from({ length: HISTOGRAM_LENGTH }, (_, i) => `${prefix}${i}`)));
  return keys;
}

/** The sum's entries as (key, value): indexes in ascending order, then any other keys, as a JSON object would list them. */
export function forEachCount(sum: HistogramSum, prefix: string, each: (key: string, value: number) => void): void {
  const keys = keysFor(prefix);
  for (let i = 0; i < HISTOGRAM_LENGTH; i++) if (sum.present[i]) each(keys[i]!, sum.counts[i]!);
  if (sum.other) for (const k in sum.other) each(prefix + k, sum.other[k]!);
}

/**
 * Adds a flat map of counts as jsonb writes it (`{"200": 5, "503": 2}`, `{"backend_timeout": 3}`)
 * into `into`, key by key. Keys with escapes, values that are not plain numbers, anything else:
 * JSON.parse decides, as it would have.
 */
export function addCountsText(text: string, into: Map<string, number>): void {
  const n = text.length;
  // An escape anywhere (jsonb writes one only for a key or value that needs it): JSON.parse's.
  let plain = text.charCodeAt(0) === 123 && text.charCodeAt(n - 1) === 125 && !text.includes("\\");
  const keys: string[] = [];
  const counts: number[] = [];
  for (let i = 1; plain && i < n - 1; ) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 32) {
      i++;
      continue;
    }
    const close = c === 34 ? text.indexOf('"', i + 1) : -1;
    const colon = close + 1;
    if (close < 0 || text.charCodeAt(colon) !== 58) {
      plain = false;
      break;
    }
    let j = colon + 1;
    while (text.charCodeAt(j) === 32) j++;
    let k = j;
    while (k < n - 1 && text.charCodeAt(k) !== 44) k++;
    const value = numberAt(text, j, k);
    const key = text.slice(i + 1, close);
    if (!Number.isFinite(value) || keys.includes(key)) plain = false;
    keys.push(key);
    counts.push(value);
    i = k;
  }
  if (plain) {
    for (let p = 0; p < keys.length; p++) into.set(keys[p]!, (into.get(keys[p]!) ?? 0) + counts[p]!);
    return;
  }
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const k in parsed) into.set(k, (into.get(k) ?? 0) + Number(parsed[k]));
}
