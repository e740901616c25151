// Every route and page under app/ has a row in the permission matrix (lib/auth/access-matrix.ts),
// and every row names a real route or page: a new route cannot ship without saying who may call it.
// tests/integration/auth/access-matrix.test.ts then walks each row over HTTP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ACCESS_MATRIX } from "@/lib/auth/access-matrix";

const root = join(import.meta.dirname, "../..");

/** "METHOD /path" of every route.ts export and every page.tsx under app/, route groups left out. */
function discovered(): string[] {
  const files = readdirSync(join(root, "app"), { recursive: true, encoding: "utf8" });
  const url = (file: string) => `/${dirname(file)}`.replace(/\/\([^)]+\)/g, "").replace(/\/\.$/, "") || "/";
  return files
    .flatMap((f) => {
      if (f.endsWith("page.tsx") && (f === "page.tsx" || f.endsWith("/page.tsx"))) return [`PAGE ${f === "page.tsx" ? "/" : url(f)}`];
      if (!f.endsWith("route.ts") || !(f === "route.ts" || f.endsWith("/route.ts"))) return [];
      const methods = readFileSync(join(root, "app", f), "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g);
      const exported = [...methods].map((m) => m[1]!);
      // next-auth's handler is exported as `export { handler as GET, handler as POST }`.
      if (exported.length === 0) for (const m of readFileSync(join(root, "app", f), "utf8").matchAll(/as (GET|POST)\b/g)) exported.push(m[1]!);
      return exported.map((m) => `${m} ${url(f)}`);
    })
    .map((r) => r.replace(/(?<=[^ ])\/$/, ""))
    .sort();
}

test("every route and page under app/ has a row in the matrix, and every row is a route or page", () => {
  const inMatrix = new Set(ACCESS_MATRIX.map((r) => `${r.method} ${r.path}`));
  const found = discovered();
  assert.ok(found.length >= 90, `found only ${found.length}`);
  assert.deepEqual(found.filter((r) => !inMatrix.has(r)), [], "routes or pages missing from lib/auth/access-matrix.ts");
  assert.deepEqual([...inMatrix].filter((r) => !found.includes(r)).sort(), [], "matrix rows with no route or page");
  assert.equal(inMatrix.size, ACCESS_MATRIX.length, "a row appears twice");
});

