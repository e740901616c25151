// Splits a body into log lines (LF or CRLF) as its text streams in, counting them as it goes, so
// that a body of millions of tiny lines is refused after its first chunks rather than after it
// became millions of strings. A final newline does not make an extra empty line.
export class LineSplitter {
  /** The lines of each chunk, as split() made them: joined once at the end, not pushed one by one. */
  private readonly groups: string[][] = [];
  private count = 0;
  /** Text since the last newline, kept as pieces: joining them per chunk would copy a long line over and over. */
  private partial: string[] = [];

  /**
   * @param admit called with the running line count after every chunk, before those lines are
   *   kept; it throws to refuse the body (too many lines, over the source's rate).
   */
  constructor(private readonly admit: (lines: number) => void = () => undefined) {}

  push(text: string): void {
    if (!text) return;
    const parts = text.split("\n");
    if (parts.length === 1) {
      this.partial.push(text);
      return;
    }
    this.admit(this.count + parts.length - 1);
    const tail = parts.pop()!;
    if (this.partial.length > 0) {
      parts[0] = this.partial.join("") + parts[0]!;
      this.partial = [];
    }
    if (tail) this.partial.push(tail);
    this.keep(parts);
  }

  /** The lines, including a last one without a final newline. */
  end(): string[] {
    if (this.partial.length > 0) {
      this.admit(this.count + 1);
      this.keep([this.partial.join("")]);
      this.partial = [];
    }
    return this.groups.length === 1 ? this.groups[0]! : this.groups.flat();
  }

  private keep(lines: string[]): void {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
    this.count += lines.length;
    this.groups.push(lines);
  }
}
