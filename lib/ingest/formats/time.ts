// Hand-rolled timestamp readers. Each reader keeps the last seen "up to the second" prefix and its
// epoch value, so a log where hundreds of lines share a second converts that prefix once; the
// fraction and zone are read char by char. No Date.parse anywhere.

import { flatCopy } from "@/lib/ingest/formats/intern";

const ZERO = 48;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function wallClockMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return NaN;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
}

/** Two (or n) ASCII digits at `at`; -1 when any is not a digit. */
export function digitsAt(line: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = line.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** 1-12 for an English month abbreviation at `at` (case-insensitive), else -1. */
export function monthAt(line: string, at: number): number {
  const key = ((line.charCodeAt(at) | 0x20) << 16) | ((line.charCodeAt(at + 1) | 0x20) << 8) | (line.charCodeAt(at + 2) | 0x20);
  switch (key) {
    case 0x6a616e: return 1; // jan
    case 0x666562: return 2; // feb
    case 0x6d6172: return 3; // mar
    case 0x617072: return 4; // apr
    case 0x6d6179: return 5; // may
    case 0x6a756e: return 6; // jun
    case 0x6a756c: return 7; // jul
    case 0x617567: return 8; // aug
    case 0x736570: return 9; // sep
    case 0x6f6374: return 10; // oct
    case 0x6e6f76: return 11; // nov
    case 0x646563: return 12; // dec
    default: return -1;
  }
}

/**
 * The last timestamp text seen and its value. Hundreds of lines share a second, so most lines
 * only need `indexOf(key, start) === start`, the cheapest exact comparison V8 offers here
 * (String#startsWith with a position and char-by-char loops both cost more). A miss scans the
 * rest of the line once, i.e. once per distinct second.
 */
class CachedText {
  key = "\u0000";
  ms = 0;
  offsetMin: number | undefined;

  matches(line: string, start: number, length: number): boolean {
    return length === this.key.length && line.indexOf(this.key, start) === start;
  }

  store(line: string, start: number, length: number, ms: number, offsetMin: number | undefined): void {
    // A flat copy, not a slice: a slice would keep the whole batch text alive with the cache.
    this.key = flatCopy(line, start, start + length);
    this.ms = ms;
    this.offsetMin = offsetMin;
  }
}

/** Reads `.ddd` at `at` (any number of digits) as ms; sets `next` to the index after it. */
function fractionMs(line: string, at: number, end: number, out: { next: number }): number {
  if (at >= end || line.charCodeAt(at) !== 46) {
    out.next = at;
    return 0;
  }
  let i = at + 1;
  let value = 0;
  let scale = 1;
  for (; i < end; i++) {
    const c = line.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) break;
    if (scale < 1e9) {
      value = value * 10 + c;
      scale *= 10;
    }
  }
  out.next = i;
  return Math.floor((value * 1000) / scale); // whole ms, like Date
}

/** `±HHMM` or `±HH:MM` at `at` → minutes east of UTC; NaN when malformed. */
export function zoneOffsetAt(line: string, at: number, end: number): number {
  const sign = line.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return NaN;
  const hh = digitsAt(line, at + 1, 2);
  const colon = line.charCodeAt(at + 3) === 58 ? 1 : 0;
  const mm = digitsAt(line, at + 3 + colon, 2);
  if (hh < 0 || mm < 0 || at + 5 + colon !== end) return NaN;
  const minutes = hh * 60 + mm;
  return sign === 45 ? -minutes : minutes;
}

/**
 * `10/Oct/2000:13:55:36 -0700` (nginx $time_local, varnishncsa %t, HAProxy %trg) and
 * `06/Feb/2009:12:14:14.655` (HAProxy accept date), with or without surrounding brackets.
 * Without a zone the time is read as UTC (HAProxy logs its local time without one).
 */
export class ClfTimeReader {
  /** Zone of the last successful parse, undefined when the value had none. */
  offsetMin: number | undefined;
  /** Whole values without a fraction (`10/Oct/2000:13:55:36 -0700`) are constant per second. */
  private readonly whole = new CachedText();
  /** With a fraction (`06/Feb/2009:12:14:14.655`) only the first 20 chars are. */
  private readonly prefix = new CachedText();
  private readonly cursor = { next: 0 };

  parse(line: string, start: number, end: number): number {
    if (line.charCodeAt(start) === 91) start++; // [
    if (line.charCodeAt(end - 1) === 93) end--; // ]
    if (end - start < 20) return NaN;
    const fractional = line.charCodeAt(start + 20) === 46;
    if (!fractional && this.whole.matches(line, start, end - start)) {
      this.offsetMin = this.whole.offsetMin;
      return this.whole.ms;
    }
    let wall: number;
    if (fractional && this.prefix.matches(line, start, 20)) {
      wall = this.prefix.ms;
    } else {
      const c = line;
      if (c.charCodeAt(start + 2) !== 47 || c.charCodeAt(start + 6) !== 47 || c.charCodeAt(start + 11) !== 58) return NaN;
      if (c.charCodeAt(start + 14) !== 58 || c.charCodeAt(start + 17) !== 58) return NaN;
      wall = wallClockMs(digitsAt(c, start + 7, 4), monthAt(c, start + 3), digitsAt(c, start, 2), digitsAt(c, start + 12, 2), digitsAt(c, start + 15, 2), digitsAt(c, start + 18, 2));
      if (Number.isNaN(wall)) return NaN;
      if (fractional) this.prefix.store(line, start, 20, wall, undefined);
    }
    const ms = fractionMs(line, start + 20, end, this.cursor);
    let at = this.cursor.next;
    let offset: number | undefined;
    if (at !== end) {
      if (line.charCodeAt(at) !== 32) return NaN;
      at++;
      offset = zoneOffsetAt(line, at, end);
      if (Number.isNaN(offset)) return NaN;
    }
    const time = wall + ms - (offset ?? 0) * 60_000;
    if (!fractional) this.whole.store(line, start, end - start, time, offset);
    this.offsetMin = offset;
    return time;
  }
}

/** ISO 8601 `2016-04-15T20:17:00.310Z`, `2000-10-10T13:55:36-07:00`, space instead of T accepted. */
export class IsoTimeReader {
  offsetMin: number | undefined;
  /** Whole values without a fraction (nginx `$time_iso8601`) are constant per second. */
  private readonly whole = new CachedText();
  /** With a fraction (Envoy `2016-04-15T20:17:00.310Z`) only the first 19 chars are. */
  private readonly prefix = new CachedText();
  private readonly cursor = { next: 0 };

  parse(line: string, start: number, end: number): number {
    if (end - start < 19) return NaN;
    const fractional = line.charCodeAt(start + 19) === 46;
    if (!fractional && this.whole.matches(line, start, end - start)) {
      this.offsetMin = this.whole.offsetMin;
      return this.whole.ms;
    }
    let wall: number;
    if (fractional && this.prefix.matches(line, start, 19)) {
      wall = this.prefix.ms;
    } else {
      const c = line;
      const sep = c.charCodeAt(start + 10);
      if (c.charCodeAt(start + 4) !== 45 || c.charCodeAt(start + 7) !== 45 || (sep !== 84 && sep !== 32)) return NaN;
      if (c.charCodeAt(start + 13) !== 58 || c.charCodeAt(start + 16) !== 58) return NaN;
      wall = wallClockMs(digitsAt(c, start, 4), digitsAt(c, start + 5, 2), digitsAt(c, start + 8, 2), digitsAt(c, start + 11, 2), digitsAt(c, start + 14, 2), digitsAt(c, start + 17, 2));
      if (Number.isNaN(wall)) return NaN;
      if (fractional) this.prefix.store(line, start, 19, wall, undefined);
    }
    const ms = fractionMs(line, start + 19, end, this.cursor);
    const at = this.cursor.next;
    let offset: number | undefined;
    if (at !== end) {
      offset = line.charCodeAt(at) === 90 && at + 1 === end ? 0 : zoneOffsetAt(line, at, end);
      if (Number.isNaN(offset)) return NaN;
    }
    const time = wall + ms - (offset ?? 0) * 60_000;
    if (!fractional) this.whole.store(line, start, end - start, time, offset);
    this.offsetMin = offset;
    return time;
  }
}

/** Epoch seconds with an optional fraction (`1700000000.123`, nginx $msec) → ms. */
export function parseEpochSeconds(line: string, start: number, end: number): number {
  if (start >= end || end - start > 24) return NaN;
  let seconds = 0;
  let i = start;
  for (; i < end; i++) {
    const c = line.charCodeAt(i) - ZERO;
    if (c === -2) break; // '.'
    if (c < 0 || c > 9) return NaN;
    seconds = seconds * 10 + c;
  }
  if (i === start) return NaN;
  let ms = 0;
  let scale = 1000;
  for (i++; i < end; i++) {
    const c = line.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return NaN;
    scale /= 10;
    ms += c * scale;
  }
  return seconds * 1000 + Math.floor(ms + 1e-9);
}

/** nginx error-log time `2024/01/15 10:23:45` at `start` → wall-clock ms read as UTC. */
export function parseSlashDateTime(line: string, start: number): number {
  if (line.charCodeAt(start + 4) !== 47 || line.charCodeAt(start + 7) !== 47 || line.charCodeAt(start + 10) !== 32) return NaN;
  if (line.charCodeAt(start + 13) !== 58 || line.charCodeAt(start + 16) !== 58) return NaN;
  return wallClockMs(digitsAt(line, start, 4), digitsAt(line, start + 5, 2), digitsAt(line, start + 8, 2), digitsAt(line, start + 11, 2), digitsAt(line, start + 14, 2), digitsAt(line, start + 17, 2));
}

/**
 * A time value of unknown shape (JSON logs): epoch numbers (ms when > 1e11, else seconds),
 * ISO 8601 or common-log-format strings, or epoch digits in a string. NaN when none fits.
 * `offsetMin` is the zone the last value was logged with (undefined for epoch values).
 */
export class AnyTimeReader {
  offsetMin: number | undefined;
  private readonly iso = new IsoTimeReader();
  private readonly clf = new ClfTimeReader();

  /**
   * An epoch number in whatever unit its size says: seconds, ms, µs or ns (Cloudflare Logpush's
   * default `unixnano`). A year-2001+ time is above 1e9 s, 1e12 ms, 1e15 µs and 1e18 ns.
   */
  parseNumber(value: number): number {
    this.offsetMin = undefined;
    if (!Number.isFinite(value)) return NaN;
    if (value > 1e17) return value / 1e6;
    if (value > 1e14) return value / 1e3;
    return value > 1e11 ? value : value * 1000;
  }

  /** The text in [start, end); looks at nothing outside it. */
  parseText(text: string, start: number, end: number): number {
    const length = end - start;
    if (length >= 19 && text.charCodeAt(start + 4) === 45) {
      const time = this.iso.parse(text, start, end);
      this.offsetMin = this.iso.offsetMin;
      return time;
    }
    if (length > 0 && (text.charCodeAt(start) === 91 || (length > 2 && text.charCodeAt(start + 2) === 47))) {
      const time = this.clf.parse(text, start, end);
      this.offsetMin = this.clf.offsetMin;
      return time;
    }
    this.offsetMin = undefined;
    if (length === 0) return NaN;
    const n = parseEpochSeconds(text, start, end);
    if (Number.isNaN(n)) return NaN;
    return n > 1e14 ? n / 1000 : n;
  }
}
