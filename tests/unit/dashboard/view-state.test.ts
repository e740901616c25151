// The overview's URL is its state: whatever a link holds must parse to a valid view, a view must
// survive the round trip through its URL, and the reads behind it must match what is shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_VIEW, MIN_SPAN_MS, parseView, resolveRange, viewToSearch, zoomView, type ViewState } from "@/components/dashboard/view-state";
import { overviewPaths } from "@/components/dashboard/overview-queries";
import { perMinute } from "@/components/charts/rows";

const NOW = Date.parse("2026-11-21T12:00:30Z");
const query = (path: string) => Object.fromEntries(new URL(path, "http://x").searchParams);

test("the default view has an empty query string, and garbage falls back to the defaults", () => {
  assert.equal(viewToSearch(DEFAULT_VIEW), "");
  const v = parseView(new URLSearchParams("range=99y&from=garbage&to=x&cause=nope&p=p42&errors=lots&status=418&refresh=1"));
  assert.deepEqual(v, DEFAULT_VIEW);
  assert.deepEqual(parseView({ range: ["1h", "6h"], backend: "  " }), { ...DEFAULT_VIEW, range: "1h" });
});

test("every field survives the round trip through the URL", () => {
  const views: ViewState[] = [
    { ...DEFAULT_VIEW, range: "24h", backend: "api", cause: "backend_timeout", source: "src_1", errors: "count", only503: true, percentile: "p99", refresh: true },
    { ...DEFAULT_VIEW, range: null, from: Date.parse("2026-11-20T10:00:00Z"), to: Date.parse("2026-11-20T11:30:00Z") },
  ];
  for (const v of views) assert.deepEqual(parseView(new URLSearchParams(viewToSearch(v))), v);
  assert.equal(viewToSearch(views[1]!), "?from=2026-11-20T10%3A00%3A00Z&to=2026-11-20T11%3A30%3A00Z");
});

test("a custom range wins over a preset, needs to after from, and never refreshes", () => {
  const v = parseView(new URLSearchParams("range=1h&from=1763719200000&to=2026-11-21T11:00:00Z&refresh=30s"));
  assert.equal(v.range, null);
  assert.deepEqual(resolveRange(v, NOW), { fromMs: 1763719200000, toMs: Date.parse("2026-11-21T11:00:00Z") });
  assert.ok(!viewToSearch(v).includes("refresh"));
  assert.equal(parseView(new URLSearchParams("from=2026-11-21T11:00:00Z&to=2026-11-21T10:00:00Z")).range, DEFAULT_VIEW.range);
});

test("a brushed selection becomes a custom range, at least a few minutes wide", () => {
  const z = zoomView({ ...DEFAULT_VIEW, refresh: true }, NOW, NOW - 30_000);
  assert.equal(z.range, null);
  assert.equal(z.to! - z.from!, MIN_SPAN_MS);
  assert.ok(z.from! < NOW - 30_000 && z.to! > NOW);
  assert.equal(z.refresh, false);
});

test("the overview reads only what it shows", () => {
  const plain = overviewPaths(DEFAULT_VIEW, NOW);
  assert.equal(query(plain.errors).metric, "error_rate");
  assert.equal(query(plain.errors).groupBy, "cause");
  assert.deepEqual(plain.latency.map((l) => query(l.path)), [{ ...query(plain.latency[0]!.path), metric: "latency_p95", groupBy: "backend" }]);
  assert.deepEqual(query(plain.summaryNow!), { from: "2026-11-21T11:55:00Z", to: "2026-11-21T12:00:00Z" }, "the last five whole minutes");

  const one = overviewPaths({ ...DEFAULT_VIEW, backend: "api", source: "edge", only503: true, errors: "count" }, NOW);
  assert.deepEqual(
    one.latency.map((l) => [query(l.path).metric, query(l.path).groupBy, query(l.path).backend]),
    [["latency_p50", "none", "api"], ["latency_p95", "none", "api"], ["latency_p99", "none", "api"]],
  );
  // The rollups count causes over all 5xx, so 503s go by backend.
  assert.deepEqual([query(one.errors).metric, query(one.errors).groupBy, query(one.errors).source], ["errors_503", "backend", "edge"]);
  assert.equal(query(one.events).backend, "api");

  const past = overviewPaths({ ...DEFAULT_VIEW, range: null, from: NOW - 7_200_000, to: NOW - 3_600_000 }, NOW);
  assert.equal(past.summaryNow, null, "a fixed range has no 'now'");
});

test("per-minute values divide the newest bucket by the time it has had", () => {
  const f = perMinute(300_000, NOW);
  assert.equal(f(50, NOW - 600_000), 10, "a full five-minute bucket");
  assert.equal(f(20, NOW - 120_000), 10, "two minutes into the current bucket");
  assert.equal(f(3, NOW - 10_000), 3, "never less than a minute");
});
