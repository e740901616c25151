// The series query's guard rails: what a chart may ask for, and the words when it asks too much.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_SERIES_POINTS, SeriesQuery } from "@/lib/rollups/schemas";

const DAY = 86_400_000;
const from = Date.UTC(2026, 10, 1);

test("series: a day at one-minute steps is allowed; more points than MAX_SERIES_POINTS are refused with the step to use", () => {
  const day = SeriesQuery.safeParse({ from: String(from), to: String(from + DAY), step: "1m", metric: "latency_p95", groupBy: "backend" });
  assert.ok(day.success, JSON.stringify(day.error?.issues));
  assert.ok(DAY / 60_000 <= MAX_SERIES_POINTS);

  const year = SeriesQuery.safeParse({ from: String(from), to: String(from + 365 * DAY), step: "1h", metric: "latency_p95", groupBy: "backend" });
  assert.equal(year.success, false);
  const issue = year.error!.issues.find((i) => i.path[0] === "step");
  assert.ok(issue, JSON.stringify(year.error!.issues));
  assert.match(issue.message, new RegExp(`more than ${MAX_SERIES_POINTS} points over this range; use a step of at least 351m`));

  // Without a step the server picks one (about 240 points): any range up to 800 days is fine.
  assert.ok(SeriesQuery.safeParse({ from: String(from), to: String(from + 400 * DAY), metric: "latency_p95", groupBy: "backend" }).success);
});
