// The dashboard benchmark's data, written straight with SQL (generate_series), not through
// ingest: the point is how fast the dashboard reads a big history, and ingesting months of lines
// would take hours. The shapes follow what ingest writes (lib/ingest/aggregate-bucket.ts): sparse
// jsonb maps of status, cause, cache handling and latency-histogram bucket counts, no zero values.
//   - volume per backend from ~5 to ~200 requests/min, a daily swing of +-60 %, +-15 % noise;
//   - a latency bell of 13 (minute) or 25 (hour) histogram buckets around a per-backend median;
//   - about 0.2 % 5xx (backend_error, backend_reset, unknown), and incident hours (~0.5 % of
//     hours per backend, plus two backends failing right now) with 8-28 % 5xx of one cause,
//     3x slower, mostly 503.
// Hours older than the minute rows are drawn on their own; the hours the minute rows cover are
// then replaced by the sums of their minutes, as ingest writes them (summaries rely on it).
import type { SqlQueryable } from "@/lib/db/sql";
import { HttpProbeConfig } from "@/lib/probes/kinds/http";
import { initialHealthState } from "@/lib/observations/health";
import { ROLLUP_COLUMNS, daySumsFromHours } from "@/lib/rollups/day-repair";
import { DAY_MS } from "@/lib/rollups/levels";

export interface SeedPlan {
  backends: number;
  minuteDays: number;
  hourDays: number;
  /** Probe results per backend: every `probeEverySeconds` over the last `probeHours`. */
  probeHours: number;
  probeEverySeconds: number;
  /** Error samples for the last `sampleDays` (at most 2 per minute and backend with 5xx). */
  sampleDays: number;
  /** Exclusive end of the seeded rollups, on an hour boundary (a little past now). */
  endMs: number;
}

export const SOURCES = [
  { id: "bench-src-varnish", name: "edge-varnish", kind: "varnish" },
  { id: "bench-src-nginx", name: "edge-nginx", kind: "nginx" },
] as const;
/** Backends failing right now, so the short ranges have something to show. */
export const FAILING_NOW = [3, 17];
export const backendName = (i: number) => `backend-${String(i).padStart(2, "0")}`;

const INCIDENT_CAUSES = ["backend_timeout", "connect_timeout", "connect_refused", "no_healthy_backend", "bad_response", "proxy_overload", "proxy_error"];

/** As ingest writes them (lib/rollups/write.ts): each day row is the sum of its hour rows. */
const DAYS_FROM_HOURS = `INSERT INTO rollup_day (bucket, source_id, backend, ${ROLLUP_COLUMNS}) ${daySumsFromHours("true")}`;

/** SQL for one rollup table: every (backend, bucket) of [from, end) in one INSERT ... SELECT. */
export function rollupSql(table: "rollup_minute" | "rollup_hour"): string {
  const hour = table === "rollup_hour";
  const width = hour ? 12 : 6;
  const sigma = hour ? 4.5 : 2.2;
  const offsets = Array.from({ length: 2 * width + 1 }, (_, i) => i - width);
  const raw = offsets.map((k) => Math.exp(-(k * k) / (2 * sigma * sigma)));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const counts = weights.map((w) => `floor(v.vol * ${w.toFixed(6)} + random())::int`);
  return `
INSERT INTO ${table} (bucket, source_id, backend, requests, errors_5xx, errors_503, bytes,
                      status_counts, cause_counts, handling_counts, latency_hist, latency_count, latency_sum_ms)
SELECT t, CASE WHEN b < $3 / 2 THEN '${SOURCES[0].id}' ELSE '${SOURCES[1].id}' END, 'backend-' || lpad(b::text, greatest(2, length(b::text)), '0'),
       x.req, x.e5, x.e503, x.req * 14000,
       jsonb_strip_nulls(jsonb_build_object(
         '200', nullif(x.req - x.e5 - x.r304 - x.r404, 0), '304', nullif(x.r304, 0), '404', nullif(x.r404, 0),
         '500', nullif(x.e5 - x.e503 - x.e502, 0), '502', nullif(x.e502, 0), '503', nullif(x.e503, 0))),
       jsonb_strip_nulls(jsonb_build_object(
         v.cause, nullif(x.e5 - x.c2 - x.c3, 0), 'backend_reset', nullif(x.c2, 0), 'unknown', nullif(x.c3, 0))),
       jsonb_strip_nulls(jsonb_build_object('miss', nullif(x.req - x.pass, 0), 'pass', nullif(x.pass, 0))),
       jsonb_strip_nulls(jsonb_build_object(${offsets.map((k, i) => `(v.center + ${k})::text, nullif(h.c[${i + 1}], 0)`).join(", ")})),
       x.req, x.req * 0.1 * power(1.1, v.center)
FROM generate_series(0, $3 - 1) AS b
CROSS JOIN generate_series(to_timestamp($1 / 1000.0), to_timestamp($2 / 1000.0) - interval '1 ${hour ? "hour" : "minute"}', interval '1 ${hour ? "hour" : "minute"}') AS t
CROSS JOIN LATERAL (
  SELECT floor(extract(epoch FROM t) / 3600)::bigint AS hn,
         (abs(hashtext(b || ':' || floor(extract(epoch FROM t) / 3600)::bigint)) % 1000 < 5
           OR (b = ANY($4::int[]) AND t >= to_timestamp($2 / 1000.0) - interval '3 hours')) AS incident
) AS i
CROSS JOIN LATERAL (
  SELECT (5 + (b * b * 37) % 200) * ${hour ? 60 : 1}
           * (1 + 0.6 * sin(2 * pi() * (extract(epoch FROM t) / 86400 + b / 50.0)))
           * (0.85 + 0.3 * random()) AS vol,
         55 + (b * 13) % 35 + CASE WHEN i.incident THEN 12 ELSE floor(random() * 3)::int - 1 END AS center,
         CASE WHEN i.incident THEN (ARRAY['${INCIDENT_CAUSES.join("','")}'])[1 + abs(hashtext('c' || b || ':' || i.hn)) % ${INCIDENT_CAUSES.length}]
              ELSE 'backend_error' END AS cause,
         CASE WHEN i.incident THEN 0.08 + 0.2 * random() ELSE 0.001 + 0.002 * random() END AS rate
) AS v
CROSS JOIN LATERAL (SELECT ARRAY[${counts.join(", ")}] AS c) AS h
CROSS JOIN LATERAL (SELECT ${offsets.map((_, i) => `h.c[${i + 1}]`).join(" + ")} AS req) AS r
CROSS JOIN LATERAL (
  SELECT r.req, e.e5, e.e503, floor((e.e5 - e.e503) * 0.4)::int AS e502,
         floor(r.req * 0.08)::int AS r304, floor(r.req * 0.02)::int AS r404, floor(r.req * 0.25)::int AS pass,
         CASE WHEN i.incident THEN 0 ELSE floor(e.e5 * 0.2)::int END AS c2,
         floor(e.e5 * 0.1)::int AS c3
  FROM (SELECT e5, CASE WHEN i.incident THEN floor(e5 * 0.7)::int ELSE floor(e5 * 0.3 + random())::int END AS e503
        FROM (SELECT least(r.req, floor(r.req * v.rate + random())::int) AS e5) AS e0) AS e
) AS x
WHERE x.req > 0`;
}

/** The hour rows of [from, to) as the sums of their minute rows. */
const HOURS_FROM_MINUTES = `
INSERT INTO rollup_hour (bucket, source_id, backend, requests, errors_5xx, errors_503, bytes,
                         status_counts, cause_counts, handling_counts, latency_hist, latency_count, latency_sum_ms)
WITH m AS (
  SELECT to_timestamp(floor(date_part('epoch', bucket) / 3600) * 3600) AS h, *
  FROM rollup_minute WHERE bucket >= to_timestamp($1 / 1000.0) AND bucket < to_timestamp($2 / 1000.0)
), pairs AS (
  SELECT h, source_id, backend, 's' AS map, e.key, e.value FROM m, jsonb_each_text(status_counts) e
  UNION ALL SELECT h, source_id, backend, 'c', e.key, e.value FROM m, jsonb_each_text(cause_counts) e
  UNION ALL SELECT h, source_id, backend, 'a', e.key, e.value FROM m, jsonb_each_text(handling_counts) e
  UNION ALL SELECT h, source_id, backend, 'l', e.key, e.value FROM m, jsonb_each_text(latency_hist) e
), sums AS (
  SELECT h, source_id, backend, map, key, sum(value::bigint) AS v FROM pairs GROUP BY 1, 2, 3, 4, 5
), maps AS (
  SELECT h, source_id, backend,
         coalesce(jsonb_object_agg(key, v) FILTER (WHERE map = 's'), '{}') AS sc,
         coalesce(jsonb_object_agg(key, v) FILTER (WHERE map = 'c'), '{}') AS cc,
         coalesce(jsonb_object_agg(key, v) FILTER (WHERE map = 'a'), '{}') AS hc,
         coalesce(jsonb_object_agg(key, v) FILTER (WHERE map = 'l'), '{}') AS lh
  FROM sums GROUP BY 1, 2, 3
), counters AS (
  SELECT h, source_id, backend, sum(requests) AS rq, sum(errors_5xx) AS e5, sum(errors_503) AS e503, sum(bytes) AS by,
         sum(latency_count) AS lc, sum(latency_sum_ms) AS ls
  FROM m GROUP BY 1, 2, 3
)
SELECT c.h, c.source_id, c.backend, c.rq, c.e5, c.e503, c.by, coalesce(x.sc, '{}'), coalesce(x.cc, '{}'), coalesce(x.hc, '{}'), coalesce(x.lh, '{}'), c.lc, c.ls
FROM counters c LEFT JOIN maps x USING (h, source_id, backend)`;

async function timed(label: string, fn: () => Promise<unknown>, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  await fn();
  log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The two bench sources. */
export async function seedSources(q: SqlQueryable): Promise<void> {
  await q.query(`INSERT INTO sources (id, name, kind, token_hash, token_prefix, updated_at)
     SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`, [
    SOURCES.map((s) => s.id),
    SOURCES.map((s) => s.name),
    SOURCES.map((s) => s.kind),
    SOURCES.map((s) => `bench-hash-${s.id}`),
    SOURCES.map(() => "owi_bench"),
  ]);
}

/** Seeds an empty, migrated database. Chunked by days so progress shows and no statement is huge. */
export async function seed(q: SqlQueryable, plan: SeedPlan, log: (line: string) => void): Promise<void> {
  const failing = FAILING_NOW.filter((b) => b < plan.backends);
  await seedSources(q);
  await timed(`rollup_hour, ${plan.backends} backends x ${plan.hourDays} days`, async () => {
    const sql = rollupSql("rollup_hour");
    for (let from = plan.endMs - plan.hourDays * DAY_MS; from < plan.endMs; from += 50 * DAY_MS) {
      await q.query(sql, [from, Math.min(plan.endMs, from + 50 * DAY_MS), plan.backends, failing]);
    }
  }, log);
  await timed(`rollup_minute, ${plan.backends} backends x ${plan.minuteDays} days`, async () => {
    const sql = rollupSql("rollup_minute");
    for (let from = plan.endMs - plan.minuteDays * DAY_MS; from < plan.endMs; from += 2 * DAY_MS) {
      await q.query(sql, [from, Math.min(plan.endMs, from + 2 * DAY_MS), plan.backends, failing]);
    }
  }, log);
  await timed(`rollup_hour of the last ${plan.minuteDays} days: the sums of their minutes`, async () => {
    const from = plan.endMs - plan.minuteDays * DAY_MS;
    await q.query(`DELETE FROM rollup_hour WHERE bucket >= to_timestamp($1 / 1000.0)`, [from]);
    for (let start = from; start < plan.endMs; start += 2 * DAY_MS) await q.query(HOURS_FROM_MINUTES, [start, Math.min(plan.endMs, start + 2 * DAY_MS)]);
  }, log);
  await timed(`rollup_day: the sums of the hour rows`, async () => {
    await q.query(DAYS_FROM_HOURS);
  }, log);
  await timed("backends, probes, probe results, events, error samples", () => seedTheRest(q, plan), log);
  await timed("VACUUM ANALYZE", async () => {
    for (const t of ["rollup_minute", "rollup_hour", "rollup_day", "probe_results", "error_samples", "events", "backends", "probes"]) await q.exec(`VACUUM ANALYZE ${t}`);
  }, log);
}

export async function seedTheRest(q: SqlQueryable, plan: SeedPlan): Promise<void> {
  const config = HttpProbeConfig.parse({ url: "http://127.0.0.1:1/health" });
  const state = initialHealthState({ window: 8, threshold: 3, initial: 2 });
  await q.query(
    `INSERT INTO backends (id, name, address, origin, updated_at)
     SELECT 'bench-b-' || i, 'backend-' || lpad(i::text, greatest(2, length(i::text)), '0'), '10.0.' || i || '.1:8080', 'discovered', now() FROM generate_series(0, $1 - 1) AS i`,
    [plan.backends],
  );
  // One http probe per backend, its newest result stored on the probe as the scheduler does.
  await q.query(
    `INSERT INTO probes (id, backend_id, kind, config, interval_ms, timeout_ms, "window", threshold, initial, health, health_state, next_run_at, last_result, updated_at)
     SELECT 'bench-p-' || i, 'bench-b-' || i, 'http', $2::jsonb, $3::int * 1000, 2000, 8, 3, 2,
            CASE WHEN i = ANY($4::int[]) THEN 'sick' ELSE 'healthy' END, $5::jsonb, now(),
            jsonb_build_object('at', $6::float8, 'ok', NOT (i = ANY($4::int[])), 'status', 200, 'durationMs', 12.5), now()
     FROM generate_series(0, $1 - 1) AS i`,
    [plan.backends, JSON.stringify(config), plan.probeEverySeconds, FAILING_NOW, JSON.stringify(state), plan.endMs - 3_600_000],
  );
  await q.query(
    `INSERT INTO probe_results (probe_id, at, ok, error_class, status, duration_ms, phases)
     SELECT 'bench-p-' || i, t, NOT failed, CASE WHEN failed THEN 'timeout' END, CASE WHEN failed THEN NULL ELSE 200 END, d,
            jsonb_build_object('dnsMs', 0, 'connectMs', round((d * 0.1)::numeric, 2), 'firstByteMs', round((d * 0.8)::numeric, 2), 'totalMs', round(d::numeric, 2))
     FROM generate_series(0, $1 - 1) AS i
     CROSS JOIN generate_series(to_timestamp($2 / 1000.0) - make_interval(hours => $3), to_timestamp($2 / 1000.0) - interval '1 hour', make_interval(secs => $4)) AS t
     CROSS JOIN LATERAL (SELECT random() < 0.01 AS failed, 5 + 20 * random() AS d) AS r`,
    [plan.backends, plan.endMs, plan.probeHours, plan.probeEverySeconds],
  );
  // Deploys about twice a week per backend, a purge a day, a few global config changes.
  await q.query(
    `INSERT INTO events (id, type, title, at, backend)
     SELECT 'bench-e-' || row_number() OVER (), type, title, at, backend FROM (
       SELECT 'deploy' AS type, 'deploy ' || 'backend-' || lpad(i::text, greatest(2, length(i::text)), '0') || ' v' || n AS title,
              to_timestamp($2 / 1000.0) - make_interval(hours => n * 84 + i) AS at, 'backend-' || lpad(i::text, greatest(2, length(i::text)), '0') AS backend
       FROM generate_series(0, $1 - 1) AS i, generate_series(1, $3 * 2 / 7) AS n
       UNION ALL
       SELECT 'purge', 'purge /static/*', to_timestamp($2 / 1000.0) - make_interval(days => n), NULL FROM generate_series(1, $3) AS n
       UNION ALL
       SELECT 'config', 'VCL reload ' || n, to_timestamp($2 / 1000.0) - make_interval(days => n * 7, hours => 3), NULL FROM generate_series(1, $3 / 7) AS n
     ) e`,
    [plan.backends, plan.endMs, plan.hourDays],
  );
  // A few raw 5xx lines per minute with errors, as ingest keeps them for drill-down.
  await q.query(
    `INSERT INTO error_samples (source_id, backend, minute, at, status, cause, line, fields)
     SELECT r.source_id, r.backend, r.bucket, r.bucket + make_interval(secs => n * 17), s.status, s.cause,
            '10.1.2.3 - - [' || to_char(r.bucket, 'DD/Mon/YYYY:HH24:MI:SS') || ' +0000] "GET /api/items/' || n || ' HTTP/1.1" ' || s.status || ' 182 "-" "bench"',
            jsonb_build_object('method', 'GET', 'path', '/api/items/' || n, 'status', s.status)
     FROM rollup_minute r
     CROSS JOIN generate_series(1, 2) AS n
     CROSS JOIN LATERAL (
       SELECT (SELECT k FROM jsonb_each_text(r.status_counts) AS sc(k, v) WHERE k LIKE '5%' ORDER BY v::int DESC LIMIT 1)::int AS status,
              (SELECT k FROM jsonb_each_text(r.cause_counts) AS cc(k, v) ORDER BY v::int DESC LIMIT 1) AS cause
     ) AS s
     WHERE r.bucket >= to_timestamp($1 / 1000.0) AND r.errors_5xx >= n`,
    [plan.endMs - plan.sampleDays * DAY_MS],
  );
}
