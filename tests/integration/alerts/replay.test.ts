// Replaying late data reads the replayed range in a fixed handful of queries (the windows slide
// in memory), however many minutes it covers, and gives the transitions those minutes had.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Database } from "@/lib/db/client";
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { loadEnabledRules } from "@/lib/alerts/load-rules";
import { replayLateMinutes } from "@/lib/alerts/replay";
import { ingestBatch } from "@/lib/ingest/intake";
import type { IngestSource } from "@/lib/sources/sources";
import { lines, nginxSource, owner, transitions } from "./support";

let t: TestDatabase;
let db: Database;
let src: IngestSource;
before(async () => {
  t = await freshDatabase("alerts_replay");
  db = t.db;
  src = await nginxSource(db);
});
after(async () => {
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

/** The executor, counting the statements run inside its transactions. */
function counting(sql: SqlExecutor): { sql: SqlExecutor; count: () => number } {
  let n = 0;
  const wrap = (tx: SqlQueryable): SqlQueryable => ({
    ...tx,
    query: (text, params) => {
      n += 1;
      return tx.query(text, params);
    },
  });
  return { sql: { ...sql, transaction: (fn) => sql.transaction((tx) => fn(wrap(tx))) }, count: () => n };
}

/**
 * Statements the incident lifecycle may take per new transition (lock, look-ups, the incident,
 * its kept evidence, its timeline entry): ~10 measured. One read per replayed minute would be 70+.
 */
const INCIDENT_STATEMENTS_PER_TRANSITION = 12;

test("a late hour is replayed in a few queries, not one per minute, with the transitions it had", async () => {
  const created = await createRule(db.prisma, owner, {
    name: "late hour",
    kind: "error_rate",
    scope: {},
    config: { status: "5xx", above: 5, window: "10m", minRequests: 20 },
    for: "0s",
    keepFiringFor: "0s",
    severity: "critical",
  }, limitsFromRetention({ minuteDays: 30 }));
  const start = Math.floor(Date.now() / 60_000) * 60_000 - 6 * 3_600_000;
  // Two backends: one with a bad minute at 20, one with bad minutes at 30 and 31; 60 busy minutes each.
  const batch: string[] = [];
  const minutes: number[] = [];
  for (let m = 0; m < 60; m++) {
    const at = start + m * 60_000;
    minutes.push(at);
    batch.push(...lines(at + 1000, m === 20 ? 503 : 200, 30, "late-a"));
    batch.push(...lines(at + 2000, m === 30 || m === 31 ? 503 : 200, 30, "late-b"));
  }
  const answer = await ingestBatch(db, src, batch);
  assert.equal(answer.rejected, 0);
  const rule = (await loadEnabledRules(db.sql)).rules.find((r) => r.id === created.id)!;
  const c = counting(db.sql);
  const written = await replayLateMinutes(c.sql, rule, ["late-a", "late-b"], minutes, Date.now(), []);
  // The evaluation itself is a fixed handful of statements however many minutes it covers; the
  // incidents that follow the transitions (lib/incidents/lifecycle.ts) add a few per transition.
  assert.ok(c.count() <= 6 + INCIDENT_STATEMENTS_PER_TRANSITION * written, `replaying ~70 minutes took ${c.count()} statements for ${written} transitions`);
  const got = (await transitions(db, created.id)).map((x) => [x.instance, x.to, (x.at - start) / 60_000, x.backfilled]);
  assert.deepEqual(got, [
    ["late-a", "firing", 21, true],
    // A bad minute weighs on the 10m window for 10 evaluations.
    ["late-a", "normal", 31, true],
    ["late-b", "firing", 31, true],
    ["late-b", "normal", 42, true],
  ]);
  assert.equal(written, 4);
});
