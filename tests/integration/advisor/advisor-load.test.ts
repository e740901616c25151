// The advisor end to end on a real database: an imported HAProxy config keeps its own knobs
// (timeout server, inter/fall/rise), 7 days of rollups give the latency tail, and the findings
// speak HAProxy's syntax with the traffic each change would have saved.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { importBackends } from "@/lib/backends/import-apply";
import { loadAdvice } from "@/lib/advisor/load";
import { bucketIndex } from "@/lib/rollups/histogram";
import { builtInEgressPolicy } from "@/lib/net/egress";
import { OWNER_ACTOR } from "../probes/support/scheduling";

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("advisor");
});
after(async () => {
  await t?.cleanup();
});

const HAPROXY = `
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 1s
backend app
  server web1 127.0.0.1:8080 check inter 2s fall 1 rise 2
`;

const hist = (parts: [number, number][]) => JSON.stringify(Object.fromEntries(parts.map(([ms, n]) => [String(bucketIndex(ms)), n])));

test("imported HAProxy settings against the rollups: a cut tail, a short probe timeout, fall 1", { timeout: 60_000 }, async () => {
  const { db } = t;
  await importBackends(db.prisma, OWNER_ACTOR, "haproxy", HAPROXY, { dryRun: false, egress: builtInEgressPolicy });
  const backend = await db.prisma.backend.findUniqueOrThrow({ where: { name: "app/web1" }, include: { probes: true } });
  assert.deepEqual(backend.proxySettings, { dialect: "haproxy", inter: 2000, fall: 1, rise: 2 });
  const probe = backend.probes[0]!;

  const now = Date.now();
  const hourAgo = new Date(now - 3_600_000);
  // Two sources' hours merge; one row older than 7 days must not count.
  await db.sql.query(`INSERT INTO rollup_hour (bucket, source_id, backend, requests, latency_hist) VALUES ($1, 's1', 'app/web1', 5000, $2::jsonb), ($1, 's2', 'app/web1', 5000, $3::jsonb), ($4, 's1', 'app/web1', 100000, $5::jsonb)`, [
    hourAgo,
    hist([[80, 4_500], [300, 385], [1_000, 115]]),
    hist([[80, 4_500], [300, 385], [1_000, 115]]),
    new Date(now - 8 * 86_400_000),
    hist([[1_000, 100_000]]),
  ]);
  await db.sql.query(`INSERT INTO probe_rollup_minute (bucket, probe_id, backend_id, checks, latency_hist) VALUES ($1, $2, $3, 1000, $4::jsonb)`, [hourAgo, probe.id, backend.id, hist([[40, 980], [2_000, 20]])]);

  const answer = await loadAdvice(db, { nowMs: now });
  assert.equal(answer.backendsChecked, 1);
  const byKind = Object.fromEntries(answer.findings.map((f) => [f.kind, f]));
  assert.deepEqual(Object.keys(byKind).sort(), ["probe_timeout_below_p99", "sick_on_one_check", "timeout_cuts_tail"]);
  assert.equal(byKind.timeout_cuts_tail!.message, "timeout server 1s; 2.3 % of requests took longer than 900ms over 7 days");
  assert.equal(byKind.timeout_cuts_tail!.change, "timeout server 2s");
  assert.equal(byKind.timeout_cuts_tail!.saved.count, 230);
  assert.equal(byKind.sick_on_one_check!.change, "fall 3");
  assert.equal(byKind.sick_on_one_check!.current, "fall 1");
  assert.equal(byKind.probe_timeout_below_p99!.change, "timeout check 3s");
  assert.match(byKind.probe_timeout_below_p99!.message, /the interval \(2s\) must grow to at least 3s/);

  assert.deepEqual((await loadAdvice(db, { nowMs: now, backendId: "nope" })).findings, []);
});
