// The typed action list (lib/audit/actions.ts) covers every action the code records: a new
// recordAudit("x.y", ...) call fails here until "x.y" is listed with its description.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AUDIT_ACTIONS, isAuditAction } from "@/lib/audit/actions";

const root = join(import.meta.dirname, "../..");

function recorded(): Set<string> {
  const out = new Set<string>();
  for (const dir of ["lib", "app"]) {
    for (const f of readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(f) || f.includes("generated")) continue;
      const text = readFileSync(join(root, dir, f), "utf8");
      for (const m of text.matchAll(/recordAudit(?:Sql)?\(\s*[^,]+,\s*[^,]+?(?:\{[^}]*\})?\s*,\s*"([a-z_.]+)"/g)) out.add(m[1]!);
      // An action chosen by a condition: recordAudit(tx, actor, cond ? "a.b" : "a.c", ...).
      for (const m of text.matchAll(/recordAudit(?:Sql)?\(\s*[^,]+,\s*[^,]+?,\s*[^,"?]+\?\s*"([a-z_.]+)"\s*:\s*"([a-z_.]+)"/g)) out.add(m[1]!).add(m[2]!);
    }
  }
  return out;
}

test("every action the code records is in the typed list, with a description", () => {
  const found = recorded();
  assert.ok(found.size >= 30, `found only ${found.size}: ${[...found].join(", ")}`);
  assert.deepEqual([...found].filter((a) => !isAuditAction(a)), []);
  for (const [id, description] of Object.entries(AUDIT_ACTIONS)) assert.ok(description.length > 10, id);
});

test("the issue's actions are all recorded somewhere: sign-ins and failures, users, roles, tokens, sources, rules, silences, shares, imports, demo", () => {
  const found = recorded();
  for (const a of ["auth.sign_in", "auth.sign_in_failed", "user.create", "user.role_change", "user.deactivate", "token.create", "token.revoke", "source.create", "rule.create", "silence.create", "share.create", "share.view", "share.revoke", "backend.import", "demo.load", "demo.remove"]) {
    assert.ok(found.has(a), a);
  }
});

test("every listed action is recorded somewhere: the viewer's filter offers nothing that can never appear", () => {
  const found = recorded();
  assert.deepEqual(Object.keys(AUDIT_ACTIONS).filter((a) => !found.has(a)), []);
});
