// Turns nginx.conf text into a tree of directives the way nginx reads it: words separated by
// whitespace, `;` ends a directive, `{ }` open and close a block, `#` starts a comment at the
// start of a word, quotes group words, and `${var}` keeps its braces inside the word.
import type { Notes } from "./common";

export interface NginxDirective {
  name: string;
  args: string[];
  line: number;
  column: number;
  /** Present for block directives (`http { }`, `upstream x { }`). */
  children?: NginxDirective[];
}

interface Word {
  text: string;
  quoted: boolean;
  line: number;
  column: number;
}

const SPACE = /[ \t\r\n\f\v]/;
const MAX_DEPTH = 64;

/** Parses the whole text; on a syntax error it notes it and returns what was read so far. */
export function parseNginxTree(text: string, notes: Notes): NginxDirective[] {
  const root: NginxDirective[] = [];
  const stack: { list: NginxDirective[]; opener?: NginxDirective }[] = [{ list: root }];
  let words: Word[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;

  const flush = (end: ";" | "{", at: number): boolean => {
    if (words.length === 0 || words[0].quoted) {
      notes.error(line, `syntax error: unexpected "${end}"`, at - lineStart + 1);
      return false;
    }
    const [head, ...rest] = words;
    const d: NginxDirective = { name: head.text, args: rest.map((w) => w.text), line: head.line, column: head.column };
    stack[stack.length - 1].list.push(d);
    if (end === "{") {
      // Real configs nest a handful of levels; the walk over the tree recurses per level.
      if (stack.length > MAX_DEPTH) {
        notes.error(head.line, `syntax error: blocks nested deeper than ${MAX_DEPTH} levels`, head.column);
        return false;
      }
      d.children = [];
      stack.push({ list: d.children, opener: d });
    }
    words = [];
    return true;
  };

  while (i < text.length) {
    const c = text[i];
    const column = i - lineStart + 1;
    if (c === "\n") {
      line++;
      lineStart = i + 1;
      i++;
    } else if (SPACE.test(c)) {
      i++;
    } else if (c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if (c === ";" || c === "{") {
      if (!flush(c, i)) return root;
      i++;
    } else if (c === "}") {
      if (words.length > 0) {
        notes.error(line, `syntax error: expected ";" before "}" (directive "${words[0].text}")`, column);
        return root;
      }
      if (stack.length === 1) {
        notes.error(line, 'syntax error: unexpected "}"', column);
        return root;
      }
      stack.pop();
      i++;
    } else if (c === '"' || c === "'") {
      const start = { line, column };
      let value = "";
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === "\\" && j + 1 < text.length) value += text[++j];
        else value += text[j];
        if (text[j] === "\n") {
          line++;
          lineStart = j + 1;
        }
      }
      if (j >= text.length) {
        notes.error(start.line, `syntax error: unterminated string opened at line ${start.line}`, start.column);
        return root;
      }
      words.push({ text: value, quoted: true, ...start });
      i = j + 1;
    } else {
      let j = i;
      let value = "";
      while (j < text.length && !SPACE.test(text[j]) && text[j] !== ";" && text[j] !== "{" && text[j] !== "}") {
        // `${name}` is a variable, not a block: keep its braces in the word.
        if (text[j] === "$" && text[j + 1] === "{") {
          const close = text.indexOf("}", j);
          const end = close < 0 ? text.length : close + 1;
          value += text.slice(j, end);
          j = end;
          continue;
        }
        value += text[j++];
      }
      words.push({ text: value, quoted: false, line, column });
      i = j;
    }
  }
  if (words.length > 0) notes.error(line, `syntax error: unexpected end of file, expected ";" after "${words[0].text}"`);
  else if (stack.length > 1) {
    const open = stack[stack.length - 1].opener;
    notes.error(line, `syntax error: unexpected end of file, expected "}" to close "${open?.name ?? ""}" opened at line ${open?.line ?? 0}`);
  }
  return root;
}
