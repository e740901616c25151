// Reads directors out of `sub vcl_init` (`new d = directors.round_robin(); d.add_backend(a);`)
// and turns them into backend tags plus one note per director. Everything else in the sub is
// ignored: it is code, not configuration.
import { listNames, type Notes } from "./common";
import type { VclToken } from "./vcl-lexer";

export interface DirectorDecl {
  name: string;
  kind: string;
  line: number;
  /** Backend or director names, in `add_backend` order. */
  members: { name: string; line: number; column: number }[];
}

const isIdent = (t: VclToken | undefined, text?: string): t is VclToken =>
  t?.kind === "ident" && (text === undefined || t.text === text);
const isPunct = (t: VclToken | undefined, text: string): boolean => t?.kind === "punct" && t.text === text;

/** Scans the tokens of a `vcl_init` body; adds what it finds to `directors`. */
export function scanVclInit(body: VclToken[], directors: Map<string, DirectorDecl>, notes: Notes): void {
  for (let k = 0; k < body.length; k++) {
    const t = body[k];
    if (isIdent(t, "new") && isIdent(body[k + 1]) && isPunct(body[k + 2], "=") && isIdent(body[k + 3])
      && isPunct(body[k + 4], ".") && isIdent(body[k + 5])) {
      const name = body[k + 1].text;
      const vmod = body[k + 3].text;
      const kind = body[k + 5].text;
      if (vmod === "directors") directors.set(name, { name, kind, line: t.line, members: [] });
      else notes.info(t.line, `object "${name}" = ${vmod}.${kind}() is not read; only vmod_directors directors are imported`, t.column);
      k += 5;
    } else if (isIdent(t) && isPunct(body[k + 1], ".") && isIdent(body[k + 2], "add_backend") && isPunct(body[k + 3], "(")) {
      const director = directors.get(t.text);
      const arg = firstArgument(body, k + 4);
      const member = memberName(arg);
      if (!director) notes.warn(t.line, `"${t.text}.add_backend()" is called on an unknown director`, t.column);
      else if (member === null) notes.warn(t.line, `argument of "${t.text}.add_backend()" not understood`, t.column);
      else director.members.push({ name: member, line: t.line, column: t.column });
      k += 3;
    }
  }
}

// Tokens of the first call argument, stopping at a top-level "," or ")".
function firstArgument(body: VclToken[], from: number): VclToken[] {
  const arg: VclToken[] = [];
  let depth = 0;
  for (let k = from; k < body.length; k++) {
    const t = body[k];
    if (depth === 0 && (isPunct(t, ",") || isPunct(t, ")"))) break;
    if (isPunct(t, "(")) depth++;
    if (isPunct(t, ")")) depth--;
    arg.push(t);
  }
  return arg;
}

// `a`, `backend = a` (shard's named argument) or `d1.backend()` (a nested director).
function memberName(arg: VclToken[]): string | null {
  const value = isIdent(arg[0], "backend") && isPunct(arg[1], "=") ? arg.slice(2) : arg;
  if (value.length === 1 && isIdent(value[0])) return value[0].text;
  const nested = value.length === 5 && isIdent(value[0]) && isPunct(value[1], ".") && isIdent(value[2], "backend")
    && isPunct(value[3], "(") && isPunct(value[4], ")");
  return nested ? value[0].text : null;
}

/**
 * Notes each director's members and returns, per backend name, the tags of every director that
 * can route to it (directly or through nested directors).
 */
export function directorTags(directors: Map<string, DirectorDecl>, backendNames: Set<string>, notes: Notes): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const d of directors.values()) {
    const backends = d.members.filter((m) => backendNames.has(m.name)).map((m) => m.name);
    const nested = d.members.filter((m) => !backendNames.has(m.name) && directors.has(m.name)).map((m) => m.name);
    for (const m of d.members) {
      if (!backendNames.has(m.name) && !directors.has(m.name)) {
        notes.warn(m.line, `director "${d.name}" adds "${m.name}", which is neither a backend nor a director`, m.column);
      }
    }
    if (backends.length === 0 && nested.length === 0) {
      notes.warn(d.line, `director "${d.name}" (${d.kind}) has no backends`);
      continue;
    }
    const parts = [backends.length ? `backends ${listNames(backends)}` : "", nested.length ? `directors ${listNames(nested)}` : ""];
    notes.info(d.line, `director "${d.name}" (${d.kind}) groups ${parts.filter(Boolean).join(" and ")}`);
    for (const b of reachableBackends(d.name, directors, backendNames)) {
      const list = tags.get(b) ?? [];
      list.push(`vcl-director:${d.name}`);
      tags.set(b, list);
    }
  }
  return tags;
}

// Breadth-first over nested directors; `seen` stops cycles. Real configs nest two or three
// levels; the depth cap keeps a hostile chain of thousands of directors from costing O(n^2).
const MAX_NESTING = 8;

function reachableBackends(name: string, directors: Map<string, DirectorDecl>, backendNames: Set<string>): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>([name]);
  let level = [name];
  for (let depth = 0; depth < MAX_NESTING && level.length > 0; depth++) {
    const next: string[] = [];
    for (const director of level) {
      for (const m of directors.get(director)?.members ?? []) {
        if (backendNames.has(m.name)) out.add(m.name);
        else if (!seen.has(m.name)) {
          seen.add(m.name);
          next.push(m.name);
        }
      }
    }
    level = next;
  }
  return out;
}
