// What an exported chart image says about itself under its title: the range in words with the
// time zone its times are drawn in, and every filter in force, so a PNG pasted into a ticket can
// be read without the dashboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportCaption } from "@/components/dashboard/export-caption";
import { DEFAULT_VIEW, type ViewState } from "@/components/dashboard/view-state";

const range = { fromMs: Date.UTC(2026, 11, 7, 9, 0), toMs: Date.UTC(2026, 11, 7, 15, 0) };
const names = (id: string) => (id === "src_1" ? "edge-nginx" : id);

test("a preset range names itself and the time zone; no filters says so", () => {
  const [when, filters] = exportCaption({ ...DEFAULT_VIEW, range: "6h" }, range, names);
  assert.match(when!, /^Range: .*2026.* – .*2026.* \(last 6 hours\) · times in \S+ \(UTC[+−]\d+(:\d\d)?\)$/);
  assert.equal(filters, "Filters: none (every source and backend)");
});

test("a custom range has no preset title; every filter is named, the source by its name and the cause in words with its id", () => {
  const view: ViewState = { ...DEFAULT_VIEW, range: null, from: range.fromMs, to: range.toMs, source: "src_1", backend: "", cause: "backend_timeout", only503: true };
  const [when, filters] = exportCaption(view, range, names);
  assert.doesNotMatch(when!, /\(last/);
  assert.match(filters!, /^Filters: source edge-nginx · backend \(no backend\) · cause .+ \(backend_timeout\) · 503 only$/);
});
