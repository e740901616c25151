// A full cycle's batched reads give each rule the same data as its own reads would: windows
// (long ones from hour rows plus minute edges), last-seen, probes, timeouts; scopes by backend,
// by tag and all backends.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import type { Database } from "@/lib/db/client";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { loadEnabledRules } from "@/lib/alerts/load-rules";
import { readRuleData } from "@/lib/alerts/data";
import { readBatchData } from "@/lib/alerts/batch-data";
import { ingestBatch } from "@/lib/ingest/intake";
import { lines, nginxSource, owner } from "./support";

let t: TestDatabase;
let db: Database;
before(async () => {
  t = await freshDatabase("alerts_batch");
  db = t.db;
});
after(async () => {
  await db?.close().catch(() => undefined);
  await t?.cleanup().catch(() => undefined);
});

test("batched reads equal per-rule reads, for every kind and scope, with windows across hours", async () => {
  const src = await nginxSource(db);
  const now = Date.now();
  // Eight hours of traffic for two backends, a 503 burst now and then, and a quiet third backend.
  const batch: string[] = [];
  for (let m = 0; m < 8 * 60; m += 7) {
    const at = now - m * 60_000;
    batch.push(...lines(at, m % 35 === 0 ? 503 : 200, 6, "b-one"), ...lines(at, m % 49 === 0 ? 502 : 200, 4, "b-two"));
  }
  batch.push(...lines(now - 7 * 3_600_000, 200, 3, "b-quiet"));
  assert.equal((await ingestBatch(db, src, batch)).rejected, 0);
  await db.sql.query(`UPDATE backends SET tags = ARRAY['edge'], first_byte_timeout_ms = 500 WHERE name = 'b-one'`);
  const limits = limitsFromRetention({ minuteDays: 30 });
  const base = { for: "0s", keepFiringFor: "0s", severity: "warning" };
  const inputs = [
    { name: "er all", kind: "error_rate", scope: {}, config: { status: "5xx", above: 1, window: "5m", minRequests: 1 } },
    { name: "er tag", kind: "error_rate", scope: { tag: "edge" }, config: { status: "503", above: 1, window: "4h", minRequests: 1 } },
    { name: "cause one", kind: "cause_rate", scope: { backend: "b-one" }, config: { causes: ["backend_error"], perMinute: 0.1, window: "3h" } },
    { name: "lat", kind: "latency", scope: {}, config: { percentile: "p95", aboveTimeoutFraction: 0.5, window: "10m", minRequests: 1 } },
    { name: "silent", kind: "no_data", scope: {}, config: { silentFor: "10m", lookback: "1d" } },
    { name: "burn", kind: "burn_rate", scope: {}, config: { slo: 99 } },
    { name: "probe", kind: "probe_health", scope: {}, config: { mode: "stale", after: "5m" } },
  ];
  for (const input of inputs) await createRule(db.prisma, owner, { ...base, ...input }, limits);
  const { rules } = await loadEnabledRules(db.sql);
  for (const at of [now, now - 95 * 60_000]) {
    const known = new Map(rules.map((r) => [r.id, ["b-gone"]]));
    const batched = await readBatchData(db.sql, rules, at, known);
    for (const rule of rules) {
      const single = await readRuleData(db.sql, { scope: rule.scope, needs: rule.condition.needs, at }, ["b-gone"]);
      assert.deepEqual(batched.get(rule.id), single, `${rule.name} at ${new Date(at).toISOString()}`);
    }
  }
});
