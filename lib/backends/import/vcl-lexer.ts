// Tokenizer and token cursor for the subset of VCL the importer reads. It knows every kind of
// string and comment so that braces inside them never confuse the block skipping in the parser.
import type { Notes } from "./common";

export type VclTokenKind = "ident" | "number" | "string" | "punct" | "inline-c" | "error" | "eof";

export interface VclToken {
  kind: VclTokenKind;
  /** Identifier/punctuation text, string contents (without quotes), or the error message. */
  text: string;
  line: number;
  column: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;

/**
 * Splits VCL into tokens. The list always ends with one `eof` token, or with an `error` token
 * (unterminated string or comment) so the parser reports it where it stands.
 */
export function tokenizeVcl(src: string): VclToken[] {
  const tokens: VclToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const col = (at: number): number => at - lineStart + 1;
  // Advances to `end`, keeping line/column bookkeeping right across newlines.
  const advanceTo = (end: number): void => {
    for (; i < end; i++) {
      if (src[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
  };
  // Consumes a delimited token (comment or string); false when the closer never comes.
  const delimited = (open: string, close: string, kind: VclTokenKind | null, what: string): boolean => {
    const startLine = line;
    const startCol = col(i);
    const end = src.indexOf(close, i + open.length);
    if (end < 0) {
      tokens.push({ kind: "error", text: `unterminated ${what} opened at line ${startLine}`, line: startLine, column: startCol });
      return false;
    }
    const body = src.slice(i + open.length, end);
    advanceTo(end + close.length);
    if (kind) tokens.push({ kind, text: body, line: startLine, column: startCol });
    return true;
  };

  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === "\n" || c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      advanceTo(i + 1);
    } else if (c === "#" || (c === "/" && next === "/")) {
      const nl = src.indexOf("\n", i);
      i = nl < 0 ? src.length : nl;
    } else if (c === "/" && next === "*") {
      if (!delimited("/*", "*/", null, "comment")) return tokens;
    } else if (c === "{" && next === '"') {
      if (!delimited('{"', '"}', "string", "long string")) return tokens;
    } else if (c === "C" && next === "{") {
      if (!delimited("C{", "}C", "inline-c", "inline C block")) return tokens;
    } else if (src.startsWith('"""', i)) {
      if (!delimited('"""', '"""', "string", "long string")) return tokens;
    } else if (c === '"') {
      // Plain VCL strings cannot span lines; an early newline means the closing quote is missing.
      const end = src.indexOf('"', i + 1);
      const nl = src.indexOf("\n", i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) {
        tokens.push({ kind: "error", text: `unterminated string opened at line ${line}`, line, column: col(i) });
        return tokens;
      }
      tokens.push({ kind: "string", text: src.slice(i + 1, end), line, column: col(i) });
      i = end + 1;
    } else if (DIGIT.test(c)) {
      const m = /^\d+(?:\.\d+)?/.exec(src.slice(i, i + 64));
      const text = m ? m[0] : c;
      tokens.push({ kind: "number", text, line, column: col(i) });
      i += text.length;
    } else if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < src.length && IDENT_PART.test(src[end])) end++;
      tokens.push({ kind: "ident", text: src.slice(i, end), line, column: col(i) });
      i = end;
    } else {
      // Surrogate pairs stay whole so columns and messages show the real character.
      const ch = String.fromCodePoint(src.codePointAt(i) ?? 0xfffd);
      tokens.push({ kind: "punct", text: ch, line, column: col(i) });
      i += ch.length;
    }
  }
  tokens.push({ kind: "eof", text: "", line, column: col(i) });
  return tokens;
}

/** How a token reads in an error message. */
export function describeToken(t: VclToken): string {
  if (t.kind === "eof") return "end of input";
  if (t.kind === "string") return "a string";
  if (t.kind === "inline-c") return "an inline C block";
  return `"${t.text}"`;
}

export class VclSyntaxError extends Error {
  constructor(message: string, readonly token: VclToken) {
    super(message);
  }
}

/** A cursor over the token list, shared by the declaration and block readers. */
export class VclCursor {
  private pos = 0;
  constructor(private readonly tokens: VclToken[], readonly notes: Notes) {}

  peek(): VclToken {
    return this.tokens[this.pos];
  }
  next(): VclToken {
    const t = this.tokens[this.pos];
    if (t.kind !== "eof" && t.kind !== "error") this.pos++;
    return t;
  }
  isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.text === text;
  }
  /** Throws; a lexer error at this spot wins because it is the real cause. */
  fail(message: string, t: VclToken = this.peek()): never {
    throw new VclSyntaxError(t.kind === "error" ? t.text : message, t);
  }
  expectPunct(text: string, context: string): VclToken {
    const t = this.peek();
    if (t.kind !== "punct" || t.text !== text) this.fail(`expected "${text}" ${context}, found ${describeToken(t)}`);
    return this.next();
  }
  expectIdent(context: string): VclToken {
    const t = this.peek();
    if (t.kind !== "ident") this.fail(`expected a name ${context}, found ${describeToken(t)}`);
    return this.next();
  }
  expectString(context: string): VclToken {
    const t = this.peek();
    if (t.kind !== "string") this.fail(`expected a string ${context}, found ${describeToken(t)}`);
    return this.next();
  }
  /** Tokens between a "{" and its matching "}" (both consumed, neither returned). */
  block(what: string, opened: VclToken): VclToken[] {
    this.expectPunct("{", `to open ${what}`);
    const body: VclToken[] = [];
    for (let depth = 1; ;) {
      const t = this.peek();
      if (t.kind === "eof" || t.kind === "error") this.fail(`expected "}" to close ${what} opened at line ${opened.line}, found ${describeToken(t)}`);
      this.next();
      if (t.kind === "punct" && t.text === "{") depth++;
      if (t.kind === "punct" && t.text === "}" && --depth === 0) return body;
      body.push(t);
    }
  }
}
