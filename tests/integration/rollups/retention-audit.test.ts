// Retention is set by the environment and takes effect at a start; the audit log says when the
// policy in force changed, from what to what, and says nothing when a restart kept it.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { auditRetentionPolicy } from "@/lib/rollups/retention";
import { AuditQuery, listAudit } from "@/lib/audit/read";

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("retention_audit");
});
after(async () => {
  await t?.cleanup();
});

test("the first start records the policy it began with; a restart with the same policy records nothing; a change records before and after", async () => {
  const defaults = { sampleDays: 14, minuteDays: 30, hourDays: 400 };
  const read = () => listAudit(t.db.prisma, AuditQuery.parse({ action: "retention.change" }));

  assert.equal(await auditRetentionPolicy(t.db.sql, defaults), true);
  const [first] = await read();
  assert.equal(first?.actorType, "system");
  assert.deepEqual(first?.details, {
    from: null,
    // Probe results and probe rollups follow samples and minutes when not set on their own.
    to: { sampleDays: 14, minuteDays: 30, hourDays: 400, probeResultDays: 14, probeRollupDays: 30 },
  });

  assert.equal(await auditRetentionPolicy(t.db.sql, { ...defaults, probeResultDays: 14, probeRollupDays: 30 }), false);
  assert.equal((await read()).length, 1);

  assert.equal(await auditRetentionPolicy(t.db.sql, { ...defaults, hourDays: 90 }), true);
  const entries = await read();
  assert.equal(entries.length, 2);
  assert.deepEqual(entries[0]?.details, {
    from: { sampleDays: 14, minuteDays: 30, hourDays: 400, probeResultDays: 14, probeRollupDays: 30 },
    to: { sampleDays: 14, minuteDays: 30, hourDays: 90, probeResultDays: 14, probeRollupDays: 30 },
  });
  assert.equal(entries[0]?.targetType, "retention");
});

test("two starts at once with a new policy record it once", async () => {
  const policy = { sampleDays: 7, minuteDays: 10, hourDays: 100 };
  const written = await Promise.all([auditRetentionPolicy(t.db.sql, policy), auditRetentionPolicy(t.db.sql, policy)]);
  assert.deepEqual(written.sort(), [false, true]);
});
