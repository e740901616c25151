// Incidents under load (issue #11), part of `npm run bench:alerts` and alone as
// `npm run bench:incidents`, on PostgreSQL (a bench database is created and dropped):
// 1. Opening 200 incidents at once: 200 backends fail in the same minute (nginx lines through the
//    real ingest), one rule over every backend; times the evaluation that records 200 transitions
//    and opens 200 incidents (evidence, cause mix, timeline) in the same transactions.
// 2. Loading an incident page with 2,000 timeline entries: server time of getIncident (the API's
//    and the page's read), p50/p95 over `reps` warm reads. Target: p95 < 200 ms.
import { createBenchDatabase } from "../bench-probes/seed";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { getIncident } from "@/lib/incidents/read";
import { ingest, lines, nginxSource, owner } from "../../tests/integration/alerts/support";

const BACKENDS = 200;
const ENTRIES = 2000;
const TARGET_MS = 200;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/**
 * Opens 200 incidents at once, then reads one with 2,000 timeline entries; returns the two result
 * lines (progress goes to stderr). A bench database of its own is created and dropped.
 */
export async function benchIncidents(adminUrl: string, reps: number): Promise<string[]> {
  const results: string[] = [];
  const bench = await createBenchDatabase(adminUrl);
  try {
    const { db } = bench;
    const src = await nginxSource(db, "bench-edge");
    await createRule(db.prisma, owner, {
      name: "5xx over 5%", kind: "error_rate", scope: {}, config: { status: "5xx", above: 5, window: "5m", minRequests: 20 }, for: "0s", keepFiringFor: "2m", severity: "critical",
    }, limitsFromRetention({ minuteDays: 30 }));
    const at = Date.now() - 20_000;
    const batch: string[] = [];
    for (let b = 0; b < BACKENDS; b++) batch.push(...lines(at - 5_000, 503, 25, `b${b}`), ...lines(at - 4_000, 200, 25, `b${b}`));
    for (let i = 0; i < batch.length; i += 2_000) await ingest(db, src, batch.slice(i, i + 2_000));

    const started = performance.now();
    await evaluateRules(db.sql, { at });
    const openMs = performance.now() - started;
    const [{ n }] = await db.sql.query<{ n: string }>("SELECT count(*) AS n FROM incidents");
    results.push(`opening ${n} incidents at once: ${openMs.toFixed(0)} ms (${(openMs / Number(n)).toFixed(1)} ms per incident, evaluation included)`);

    const [{ id }] = await db.sql.query<{ id: string }>("SELECT id FROM incidents ORDER BY opened_at LIMIT 1");
    await db.sql.query(
      `INSERT INTO incident_events (incident_id, at, kind, message, data, actor_name)
       SELECT $1, now() - (g || ' seconds')::interval, 'comment', 'bench comment ' || g, '{}', 'bench' FROM generate_series(1, $2) g`,
      [id, ENTRIES],
    );
    for (let i = 0; i < 2; i++) await getIncident(db.sql, id);
    const times: number[] = [];
    let entries = 0;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const detail = await getIncident(db.sql, id);
      times.push(performance.now() - t0);
      entries = detail.timeline.length;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    results.push(`incident with ${entries} timeline entries: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target < ${TARGET_MS} ms) ${p95 < TARGET_MS ? "OK" : "OVER"}`);
  } finally {
    await bench.drop();
  }
  return results;
}

