// Imports between lib/ folders point one way, and no file imports itself back through others: a
// cycle means two domains can no longer be read, tested or changed apart. The failure names the
// folders or files of each cycle and, for folders, the imports that close it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
const IMPORT = /(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "node_modules" || e.name === "generated" || e.name.startsWith(".")) return [];
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

const files = ["app", "components", "lib"].flatMap((d) => sourceFiles(join(root, d)));
const known = new Set(files);

function target(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? join(root, spec.slice(2)) : spec.startsWith(".") ? resolve(dirname(from), spec) : null;
  if (!base) return null;
  const candidates = [base, ...[".ts", ".tsx", ".mts", ".mjs"].map((x) => base + x), join(base, "index.ts"), join(base, "index.tsx")];
  return candidates.find((c) => known.has(c)) ?? null;
}

const imports = new Map<string, Set<string>>();
for (const f of files) {
  const out = new Set<string>();
  for (const m of readFileSync(f, "utf8").matchAll(IMPORT)) {
    const t = target(f, m[1] ?? m[2] ?? m[3] ?? "");
    if (t && t !== f) out.add(t);
  }
  imports.set(f, out);
}

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const rel = (f: string) => relative(root, f);

test("no folder under lib/ imports, directly or through others, a folder that imports it", () => {
  const folderOf = (f: string) => rel(f).split("/").slice(0, 2).join("/");
  const graph = new Map<string, Set<string>>();
  const why = new Map<string, string[]>();
  for (const [f, ts] of imports) {
    if (!rel(f).startsWith("lib/")) continue;
    for (const t of ts) {
      const [a, b] = [folderOf(f), folderOf(t)];
      if (a === b || !b.startsWith("lib/")) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
      why.set(`${a} -> ${b}`, [...(why.get(`${a} -> ${b}`) ?? []), `${rel(f)} imports ${rel(t)}`]);
    }
  }
  const report = cycles(graph).map((c) => {
    const inside = [...why].filter(([k]) => c.includes(k.split(" -> ")[0]!) && c.includes(k.split(" -> ")[1]!));
    return `${c.join(" <-> ")}\n${inside.map(([k, v]) => `  ${k}: ${v.slice(0, 3).join("; ")}`).join("\n")}`;
  });
  assert.deepEqual(report, [], `folder cycles:\n${report.join("\n")}`);
});

test("no file under app/, components/ or lib/ imports itself back through other files", () => {
  const report = cycles(imports).map((c) => c.map(rel).join(" <-> "));
  assert.deepEqual(report, [], `file cycles:\n${report.join("\n")}`);
});
