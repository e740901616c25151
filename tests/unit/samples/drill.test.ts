import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_VIEW, parseView, viewToSearch, type ViewState } from "@/components/dashboard/view-state";
import { SAMPLES_PAGE_SIZE, flattenFields, samplesApiPath, samplesHref, topSpikes, worstBucketPerSeries } from "@/components/samples/drill";
import { SamplesQuery, decodeCursor, encodeCursor } from "@/lib/samples/schemas";

const T = Date.parse("2026-11-21T10:05:00Z");
const bucket = { fromMs: T, toMs: T + 60_000 };
const backends = [{ id: "b1", name: "api" }];
const query = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

test("a bucket of the overview opens the samples page, its range the bucket, the filters kept", () => {
  const view: ViewState = { ...DEFAULT_VIEW, range: "1h", cause: "backend_timeout", source: "src1", refresh: true };
  const href = samplesHref(view, bucket, { pinnedPath: null, backends });
  assert.ok(href.startsWith("/samples?"));
  assert.deepEqual(query(href), { from: "2026-11-21T10:05:00Z", to: "2026-11-21T10:06:00Z", source: "src1", cause: "backend_timeout" });
});

test("with one backend in focus that has a page, the bucket opens that page's samples section", () => {
  const href = samplesHref({ ...DEFAULT_VIEW, range: "24h", backend: "api" }, bucket, { pinnedPath: null, backends });
  assert.match(href, /^\/backends\/b1\?.*#samples$/);
  assert.deepEqual(query(href.replace(/#.*/, "")), { range: "24h", samplesFrom: "2026-11-21T10:05:00Z", samplesTo: "2026-11-21T10:06:00Z" });
  // A backend only the logs know has no page: the samples page, filtered on it.
  assert.equal(query(samplesHref({ ...DEFAULT_VIEW, backend: "ghost" }, bucket, { pinnedPath: null, backends })).backend, "ghost");
  // On a backend's page: the same page, its range kept.
  const pinned = samplesHref({ ...DEFAULT_VIEW, backend: "api" }, bucket, { pinnedPath: "/backends/b1", backends });
  assert.equal(pinned, "/backends/b1?samplesFrom=2026-11-21T10%3A05%3A00Z&samplesTo=2026-11-21T10%3A06%3A00Z#samples");
});

test("the sample window survives the URL, and the samples query follows the view", () => {
  const view: ViewState = { ...DEFAULT_VIEW, backend: "api", only503: true, samples: bucket };
  assert.deepEqual(parseView(new URLSearchParams(viewToSearch(view))), view);
  assert.equal(parseView(new URLSearchParams("samplesFrom=2026-11-21T10:06:00Z&samplesTo=2026-11-21T10:05:00Z")).samples, null);
  const path = samplesApiPath(view, { fromMs: T - 3_600_000, toMs: T + 3_600_000 });
  assert.deepEqual(query(path), { from: "2026-11-21T10:05:00Z", to: "2026-11-21T10:06:00Z", backend: "api", status: "503", limit: String(SAMPLES_PAGE_SIZE) });
  const parsed = SamplesQuery.parse(query(path));
  assert.deepEqual([parsed.from, parsed.to, parsed.status, parsed.limit], [T, T + 60_000, 503, SAMPLES_PAGE_SIZE]);
});

test("the worst buckets: summed over the series shown, biggest first", () => {
  const answer = {
    stepMs: 60_000,
    series: [
      { key: "backend_timeout", points: [[T, 3], [T + 60_000, 1], [T + 120_000, null]] as Array<[number, number | null]> },
      { key: "backend_error", points: [[T, 0], [T + 60_000, 5], [T + 120_000, 2]] as Array<[number, number | null]> },
    ],
  };
  assert.deepEqual(topSpikes(answer, null, 2).map((s) => [s.t, s.value]), [[T + 60_000, 6], [T, 3]]);
  assert.deepEqual(topSpikes(answer, new Set(["backend_timeout"]), 5).map((s) => [s.t, s.value]), [[T, 3], [T + 60_000, 1]]);
});

test("parsed fields flatten to dotted paths; cursors round-trip and refuse anything else", () => {
  assert.deepEqual(flattenFields({ status: 504, path: "/a", evidence: { nginxUpstreamStatus: "504", statuses: [504, null] }, gone: undefined, none: null }), [
    ["status", "504"],
    ["path", "/a"],
    ["evidence.nginxUpstreamStatus", "504"],
    ["evidence.statuses", "[504,null]"],
    ["none", "null"],
  ]);
  const c = { minuteMs: T, atMs: T + 1234, id: 9007199254740993n };
  assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  assert.equal(decodeCursor("bm9wZQ"), null);
});

test("the worst bucket of each cause: a smaller incident on screen gets its own link", () => {
  const answer = {
    stepMs: 60_000,
    series: [
      // One big incident of timeouts, and a small refused-connection outage later.
      { key: "backend_timeout", points: [[T, 40], [T + 60_000, 35], [T + 120_000, 0], [T + 180_000, 0]] as Array<[number, number | null]> },
      { key: "connect_refused", points: [[T, 0], [T + 60_000, 0], [T + 120_000, 0], [T + 180_000, 6]] as Array<[number, number | null]> },
      { key: "backend_error", points: [[T, 2], [T + 60_000, 0], [T + 120_000, 0], [T + 180_000, 1]] as Array<[number, number | null]> },
    ],
  };
  assert.deepEqual(
    worstBucketPerSeries(answer, null, 5).map((s) => [s.key, s.t, s.value]),
    [["backend_timeout", T, 42], ["connect_refused", T + 180_000, 7]],
    "backend_error's worst bucket is the timeouts' one: one link per bucket",
  );
  assert.deepEqual(worstBucketPerSeries(answer, new Set(["backend_error"]), 5).map((s) => [s.key, s.t, s.value]), [["backend_error", T, 2]]);
});
