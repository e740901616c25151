// HAProxy logs through syslog, so files usually hold `Feb  6 12:14:14 lb1 haproxy[14389]: ...`
// (RFC 3164), `<134>1 2009-02-06T12:14:14.655+01:00 lb1 haproxy 14389 - - ...` (RFC 5424),
// an RFC 3339 timestamp instead of the BSD one (rsyslog), or just `haproxy[14389]: ...`.

import { IsoTimeReader, monthAt } from "@/lib/ingest/formats/time";

export interface SyslogHeader {
  /** Index where the HAProxy message starts (0 when the line has no syslog header). */
  messageStart: number;
  /** Zone of an RFC 5424 / RFC 3339 timestamp, undefined when the header has none. */
  offsetMin: number | undefined;
  /** Epoch ms of an RFC 5424 / RFC 3339 timestamp, NaN otherwise (RFC 3164 dates have no year). */
  timeMs: number;
}

function isTagChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95 || c === 45 || c === 46 || c === 47;
}

/** A bare `name[pid]: ` tag at `at` (no date before it); returns the index after it or -1. */
function skipTag(line: string, at: number, end: number): number {
  let i = at;
  const limit = Math.min(end, at + 64);
  while (i < limit && isTagChar(line.charCodeAt(i))) i++;
  if (i === at) return -1;
  let hasPid = false;
  if (line.charCodeAt(i) === 91) {
    const close = line.indexOf("]", i);
    if (close < 0 || close - i > 12) return -1;
    i = close + 1;
    hasPid = true;
  }
  if (line.charCodeAt(i) !== 58 || line.charCodeAt(i + 1) !== 32) return -1;
  // Without a date, only `[pid]` tells a tag from the start of a message such as `backend1: `.
  return hasPid ? i + 2 : -1;
}

function nextSpace(line: string, at: number, end: number): number {
  const space = line.indexOf(" ", at);
  return space < 0 || space >= end ? -1 : space;
}

/**
 * After a dated header comes an optional hostname, then the tag ending in `: `. Neither can
 * contain `: `, so the first one ends the header (one indexOf instead of reading the tag).
 */
function skipHostAndTag(line: string, at: number, end: number): number {
  const colon = line.indexOf(": ", at);
  return colon > at && colon - at <= 128 && colon < end ? colon + 2 : -1;
}

export class SyslogHeaderReader {
  private readonly iso = new IsoTimeReader();
  private readonly header: SyslogHeader = { messageStart: 0, offsetMin: undefined, timeMs: NaN };

  /** Reads the header; the returned object is reused between calls. */
  read(line: string, end: number): SyslogHeader {
    const header = this.header;
    header.messageStart = 0;
    header.offsetMin = undefined;
    header.timeMs = NaN;
    let pos = 0;
    if (line.charCodeAt(0) === 60) {
      const close = line.indexOf(">", 1);
      if (close < 2 || close > 4) return header;
      pos = close + 1;
    }
    const c = line.charCodeAt(pos);
    if (c === 49 && line.charCodeAt(pos + 1) === 32) return this.rfc5424(line, pos + 2, end);
    if (c >= 48 && c <= 57 && line.charCodeAt(pos + 4) === 45) {
      const space = nextSpace(line, pos, end);
      const timeMs = space < 0 ? NaN : this.iso.parse(line, pos, space);
      if (Number.isNaN(timeMs)) return header;
      const start = skipHostAndTag(line, space + 1, end);
      if (start >= 0) {
        header.messageStart = start;
        header.offsetMin = this.iso.offsetMin;
        header.timeMs = timeMs;
      }
      return header;
    }
    if (monthAt(line, pos) > 0 && line.charCodeAt(pos + 3) === 32 && line.charCodeAt(pos + 9) === 58 && line.charCodeAt(pos + 15) === 32) {
      const start = skipHostAndTag(line, pos + 16, end);
      if (start >= 0) header.messageStart = start;
      return header;
    }
    const start = skipTag(line, pos, end);
    if (start >= 0) header.messageStart = start;
    return header;
  }

  /** `TIMESTAMP HOST APP PROCID MSGID SD MSG` after the version. */
  private rfc5424(line: string, at: number, end: number): SyslogHeader {
    const header = this.header;
    let space = nextSpace(line, at, end);
    if (space < 0) return header;
    const parsed = this.iso.parse(line, at, space);
    const offsetMin = Number.isNaN(parsed) ? undefined : this.iso.offsetMin;
    let pos = space + 1;
    for (let field = 0; field < 4; field++) {
      space = nextSpace(line, pos, end);
      if (space < 0) return header;
      pos = space + 1;
    }
    if (line.charCodeAt(pos) === 45) pos++;
    else {
      while (line.charCodeAt(pos) === 91) {
        const close = line.indexOf("]", pos);
        if (close < 0 || close >= end) return header;
        pos = close + 1;
      }
    }
    if (line.charCodeAt(pos) !== 32) return header;
    header.messageStart = pos + 1;
    header.offsetMin = offsetMin;
    header.timeMs = parsed;
    return header;
  }
}
