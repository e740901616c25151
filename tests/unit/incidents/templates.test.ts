// Team-edited checklists: what the boundary accepts, and that the chosen order stays the
// evidence's while the steps are the team's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseChecklists, type IncidentFacts } from "@/lib/incidents/checklists/choose";
import { BUILT_IN_CHECKLISTS } from "@/lib/incidents/checklists/catalog";
import { ChecklistInput } from "@/lib/incidents/checklists/template-schema";

test("every built-in checklist is valid input, so saving one unchanged works", () => {
  for (const t of BUILT_IN_CHECKLISTS) {
    const r = ChecklistInput.safeParse({ title: t.title, steps: t.steps });
    assert.ok(r.success, `${t.slug}: ${r.success ? "" : JSON.stringify(r.error.issues)}`);
  }
});

test("only the self-checks and stacks that exist; step ids unique", () => {
  const paths = (raw: unknown) => {
    const r = ChecklistInput.safeParse(raw);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };
  assert.deepEqual(paths({ title: "x", steps: [{ id: "a", title: "A", check: { kind: "moon_phase" } }] }), ["steps.0.check.kind"]);
  assert.deepEqual(paths({ title: "x", steps: [{ id: "a", title: "A", check: { kind: "cause_below_threshold", causes: ["gremlins"] } }] }), ["steps.0.check.causes.0"]);
  assert.deepEqual(paths({ title: "x", steps: [{ id: "a", title: "A", commands: { cobol: ["RUN"] } }] }), ["steps.0.commands"]);
  assert.deepEqual(paths({ title: "x", steps: [{ id: "a", title: "A" }, { id: "a", title: "B" }] }), ["steps"]);
  assert.deepEqual(paths({ title: "x", steps: [] }), ["steps"]);
});

test("a resolver swaps in the team's version without changing the order or the reasons", () => {
  const f: IncidentFacts = { firstBadAt: 0, causes: [{ cause: "connect_refused", count: 9, share: 1 }], deployBefore: null, purgeBefore: null, latencyNearTimeout: null, probeDown: true, stacks: ["app"] };
  const plain = chooseChecklists(f);
  const ours = chooseChecklists(f, (t) => (t.slug === "origin-down" ? { ...t, title: "Ours", steps: [{ id: "page", title: "Page the team", detail: "" }] } : t));
  assert.deepEqual(ours.map((c) => [c.template.slug, c.reason, c.causes]), plain.map((c) => [c.template.slug, c.reason, c.causes]));
  assert.deepEqual([ours[0]!.template.title, ours[0]!.template.steps.map((s) => s.id)], ["Ours", ["page"]]);
});
