// Every route under app/api is in the OpenAPI document, with each method it exports: the document
// is generated from the handlers' zod schemas, so a route missing here is a route nobody can
// discover. next-auth's own endpoints (/api/auth/...) are its protocol, not ours.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { openApiDocument } from "@/lib/openapi/document";

const root = join(import.meta.dirname, "../..");

/** "METHOD /api/path" for each method every app/api route file exports ([id] -> {id}). */
function routes(): string[] {
  const files = readdirSync(join(root, "app/api"), { recursive: true, encoding: "utf8" })
    .map((f) => `app/api/${f}`)
    .filter((f) => f.endsWith("/route.ts") && !f.startsWith("app/api/auth/"));
  return files
    .flatMap((file) => {
      const path = `/${dirname(file).slice("app/".length)}`.replace(/\[(\w+)\]/g, "{$1}");
      const methods = readFileSync(join(root, file), "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g);
      return [...methods].map((m) => `${m[1]} ${path}`);
    })
    .sort();
}

test("the OpenAPI document has every route and method under app/api", () => {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
  const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
  const all = routes();
  assert.ok(all.length >= 25, `found ${all.length} routes`);
  assert.deepEqual(all.filter((r) => !documented.has(r)), []);
});
