import { test } from "node:test";
import assert from "node:assert/strict";
import { isSilenced, silenceCovers, silenceState, type SilenceWindow } from "@/lib/alerts/silences";

const base: SilenceWindow = { id: "s", kind: "once", startsAt: null, endsAt: null, weekdays: [], startMinute: null, endMinute: null, timeZone: null, matchers: {} };
const target = { ruleId: "r1", ruleName: "5xx", backend: "api", source: "edge", severity: "critical" };

test("one-off silences cover [startsAt, endsAt) and have pending/active/expired states", () => {
  const s = { ...base, startsAt: 1000, endsAt: 2000 };
  assert.deepEqual([999, 1000, 1999, 2000].map((at) => silenceCovers(s, at)), [false, true, true, false]);
  assert.deepEqual([500, 1500, 2500].map((now) => silenceState(s, now)), ["pending", "active", "expired"]);
});

test("weekly windows are read in their time zone, including windows past midnight", () => {
  // Tuesdays 22:00-02:00 in Berlin (UTC+1 in December).
  const s: SilenceWindow = { ...base, kind: "weekly", weekdays: [2], startMinute: 22 * 60, endMinute: 2 * 60, timeZone: "Europe/Berlin" };
  assert.equal(silenceCovers(s, Date.UTC(2026, 11, 8, 21, 30)), true, "Tue 22:30 Berlin");
  assert.equal(silenceCovers(s, Date.UTC(2026, 11, 9, 0, 30)), true, "Wed 01:30 Berlin, the small hours after Tuesday");
  assert.equal(silenceCovers(s, Date.UTC(2026, 11, 9, 1, 30)), false, "Wed 02:30 Berlin");
  assert.equal(silenceCovers(s, Date.UTC(2026, 11, 8, 20, 30)), false, "Tue 21:30 Berlin");
});

test("matchers: every given list must name the target; empty lists match all", () => {
  assert.equal(isSilenced([{ ...base, matchers: { backends: ["api"], severities: ["critical"] } }], target, 0), true);
  assert.equal(isSilenced([{ ...base, matchers: { backends: ["db"] } }], target, 0), false);
  assert.equal(isSilenced([{ ...base, matchers: { rules: ["5xx"] } }], target, 0), true, "rules match by name or id");
  assert.equal(isSilenced([{ ...base, matchers: { sources: ["other"] } }], target, 0), false);
});
