// Recurring values (backend names, upstream addresses) come back as one flat string per value.
// Why: a value cut out of a line is a V8 "sliced string", and hashing or comparing those is
// slow (a Map lookup with one costs ~5x a lookup with a flat string). The aggregator keys its
// buckets by backend, so handing it the same flat string every time keeps that lookup cheap.

/** A copy that does not point into (and keep alive) the line it came from. */
export function flatCopy(line: string, start: number, end: number): string {
  const codes = new Array<number>(end - start);
  for (let i = start; i < end; i++) codes[i - start] = line.charCodeAt(i);
  return String.fromCharCode(...codes);
}

export class ValueInterner {
  private readonly values: string[] = [];
  /**
   * Where the last two values of the same length, first and last char told apart (e.g. the
   * `1` of `10.0.1.11:8080` vs `10.0.1.12:8080`): checked first, so a wrong candidate costs
   * one comparison instead of a scan of their common part.
   */
  private probe = 0;
  /**
   * Values handed over whole (a JSON string value: `line` is the value itself). Those strings are
   * flat, so a Map lookup beats comparing them char by char against every known value, which
   * for names sharing a long suffix (`app.shop.example`, `api.shop.example`) costs most.
   */
  private readonly whole = new Map<string, string>();

  /** `limit` bounds memory: past it, new values are returned as plain slices. */
  constructor(private readonly limit = 64) {}

  get(line: string, start: number, end: number): string {
    const length = end - start;
    if (length > 200) return line.slice(start, end);
    if (start === 0 && end === line.length) return this.getWhole(line);
    const first = line.charCodeAt(start);
    const last = line.charCodeAt(end - 1);
    const probe = this.probe < length ? this.probe : 0;
    const probed = line.charCodeAt(start + probe);
    const values = this.values;
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      if (value.length !== length || value.charCodeAt(length - 1) !== last || value.charCodeAt(0) !== first || value.charCodeAt(probe) !== probed) continue;
      let i = length - 2;
      while (i > 0 && value.charCodeAt(i) === line.charCodeAt(start + i)) i--;
      if (i > 0) {
        this.probe = i;
        continue;
      }
      if (k > 0) {
        // Transpose towards the front: the busiest values end up checked first.
        values[k] = values[k - 1];
        values[k - 1] = value;
      }
      return value;
    }
    if (values.length >= this.limit) return line.slice(start, end);
    const fresh = flatCopy(line, start, end);
    values.push(fresh);
    return fresh;
  }

  private getWhole(value: string): string {
    const known = this.whole.get(value);
    if (known !== undefined) return known;
    if (this.whole.size >= this.limit) return value;
    const fresh = flatCopy(value, 0, value.length);
    this.whole.set(fresh, fresh);
    return fresh;
  }
}
