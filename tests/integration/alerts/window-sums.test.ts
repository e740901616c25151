// The window reads add up the jsonb maps by exploding them once (lib/alerts/sum-sql.ts): the
// sums must be those of the rollup functions' own ow_jsonb_sum_agg, over several sources, minutes
// and keys, with zero sums left out and a window without any map answering {}.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { readRuleData } from "@/lib/alerts/data";
import { readMinuteRows } from "@/lib/alerts/minute-rows";
import { sumRowsSql } from "@/lib/alerts/sum-sql";

const M = 60_000;
let t: TestDatabase;
before(async () => {
  t = await freshDatabase("alert-window-sums");
});
after(async () => {
  await t?.cleanup();
});

test("window sums of status, cause and latency maps equal ow_jsonb_sum_agg's, per backend and per minute", async () => {
  const end = Math.floor(Date.now() / M) * M;
  // Two sources, two backends, 10 minutes; keys come and go, and one pair cancels out to 0.
  await t.db.sql.query(
    `INSERT INTO rollup_minute (bucket, source_id, backend, requests, errors_5xx, errors_503, status_counts, cause_counts, latency_hist)
     SELECT to_timestamp(($1::float8 - g * 60000) / 1000.0), s, b, 10 + g, g % 3, g % 2,
            jsonb_build_object('200', 10, '503', g % 2),
            CASE WHEN g % 4 = 0 THEN '{}'::jsonb ELSE jsonb_build_object('backend_timeout', g, 'unknown', CASE WHEN s = 'src-a' THEN 1 ELSE -1 END) END,
            jsonb_build_object((40 + g % 5)::text, 3, (50 + g % 3)::text, g)
     FROM generate_series(1, 10) AS g, unnest(ARRAY['src-a', 'src-b']) AS s, unnest(ARRAY['api', 'web']) AS b`,
    [end],
  );
  const at = end + 30_000;
  const data = await readRuleData(t.db.sql, {
    scope: {},
    at,
    needs: { windows: [{ path: [], seconds: 300 }, { path: [], seconds: 600 }], maps: ["status", "cause", "latency"], instancesFrom: "traffic" },
  });
  const expected = await t.db.sql.query<{ backend: string; s: number; requests: number; sc: object; cc: object; lh: object }>(
    `SELECT r.backend, w.s, sum(r.requests)::float8 AS requests, ow_jsonb_sum_agg(r.status_counts) AS sc,
            ow_jsonb_sum_agg(r.cause_counts) AS cc, ow_jsonb_sum_agg(r.latency_hist) AS lh
     FROM unnest(ARRAY[300, 600]) AS w(s)
     JOIN rollup_minute r ON r.bucket > to_timestamp(($1::float8 - w.s * 1000) / 1000.0) AND r.bucket <= to_timestamp($1::float8 / 1000.0)
     GROUP BY r.backend, w.s`,
    [end],
  );
  assert.equal(expected.length, 4);
  for (const e of expected) {
    const got = data.get(e.backend)?.windows.get(Number(e.s));
    assert.ok(got, `${e.backend} ${e.s}`);
    assert.equal(got.requests, Number(e.requests));
    assert.deepEqual(got.statusCounts, e.sc);
    assert.deepEqual(got.causeCounts, e.cc, "unknown: +1 and -1 cancel out and are left out");
    assert.deepEqual(got.latencyHist, e.lh);
  }
  assert.equal((data.get("api")?.windows.get(300)?.causeCounts as Record<string, number>).unknown, undefined);

  const minutes = await readMinuteRows(t.db.sql, { scope: { backend: "web" }, maps: ["cause"], from: end - 10 * M, to: end });
  const web = minutes.get("web") ?? [];
  assert.deepEqual(web.map((m) => m.bucket), Array.from({ length: 10 }, (_, i) => end - (10 - i) * M), "sorted by minute");
  const fourth = web.find((m) => m.bucket === end - 4 * M)!;
  assert.deepEqual(fourth.causeCounts, {}, "a minute without causes answers {}");
  assert.deepEqual(web.find((m) => m.bucket === end - 3 * M)!.causeCounts, { backend_timeout: 6 });
  assert.deepEqual(fourth.statusCounts, {}, "maps not asked for answer {}");
});

test("the summing SQL names only the maps asked for", () => {
  const sql = sumRowsSql("SELECT backend, requests, errors_5xx, errors_503, cause_counts FROM rollup_minute", ["backend"], ["cause"]);
  assert.match(sql, /jsonb_each_text\(r\.cause_counts\)/);
  assert.doesNotMatch(sql, /latency_hist|status_counts/);
  assert.match(sql, /'\{\}'::jsonb AS lh/);
});
