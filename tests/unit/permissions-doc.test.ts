// docs/permissions.md is generated from the permission matrix: it must say what the table says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ACCESS_MATRIX, CALLERS, expectedOutcome, renderPermissionsDoc } from "@/lib/auth/access-matrix";

test("docs/permissions.md is current (run `npm run docs:permissions` after changing lib/auth/access-matrix.ts)", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../docs/permissions.md"), "utf8");
  assert.equal(doc, renderPermissionsDoc());
});

test("the matrix refuses share tokens every write and every route that does not read their own thing", () => {
  for (const row of ACCESS_MATRIX) {
    if (row.method === "PAGE" || row.access.kind === "public" || row.access.kind === "ingest") continue;
    assert.equal(expectedOutcome(row, "share (other)"), 404, `${row.method} ${row.path}`);
    const own = expectedOutcome(row, "share (own)");
    if (row.method !== "GET") assert.equal(own, 404, `${row.method} ${row.path}`);
  }
  assert.ok(CALLERS.length === 10);
});
