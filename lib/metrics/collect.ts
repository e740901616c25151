// Everything /metrics answers, as metric families: this process's counters (lib/metrics/counters.ts)
// and gauges read from the database at scrape time (probe health, alert instance states), which
// every process sees alike.
import type { SqlQueryable } from "@/lib/db/sql";
import { ALERT_STATES } from "@/lib/observations/alert-states";
import { EVALUATION_LE_SECONDS, processCounters } from "@/lib/metrics/counters";
import { histogramSamples, LATENCY_LE_SECONDS, type MetricFamily, type Sample } from "@/lib/metrics/exposition";

function counterFamilies(): MetricFamily[] {
  const c = processCounters();
  const requests: Sample[] = [];
  const errors: Sample[] = [];
  const latency: Sample[] = [];
  for (const [backend, b] of [...c.backends].sort(([x], [y]) => x.localeCompare(y))) {
    for (const [statusClass, n] of b.byStatusClass) requests.push({ labels: { backend, status_class: statusClass }, value: n });
    for (const [cause, n] of b.errorsByCause) errors.push({ labels: { backend, cause }, value: n });
    latency.push(...histogramSamples({ backend }, b.latencyBuckets, LATENCY_LE_SECONDS, b.latencySumSeconds, b.latencyCount));
  }
  const e = c.evaluation;
  return [
    { name: "originwatch_requests_total", type: "counter", help: "Requests in ingested log lines, by backend and status class, counted by this process since it started.", samples: requests },
    { name: "originwatch_errors_total", type: "counter", help: "5xx answers in ingested log lines, by backend and cause (as attributed when their batch committed), since this process started.", samples: errors },
    {
      name: "originwatch_request_duration_seconds",
      type: "histogram",
      help: "Request latency from ingested log lines, by backend (log-scale buckets mapped to these bounds by their middle value; within 5 %).",
      samples: latency,
    },
    {
      name: "originwatch_ingest_lines_total",
      type: "counter",
      help: "Log lines received by ingest batches this process committed, by result.",
      samples: [
        { labels: { result: "accepted" }, value: c.ingest.linesAccepted },
        { labels: { result: "rejected" }, value: c.ingest.linesRejected },
      ],
    },
    { name: "originwatch_ingest_batches_total", type: "counter", help: "Ingest batches this process committed.", samples: [{ labels: {}, value: c.ingest.batches }] },
    { name: "originwatch_alert_evaluations_total", type: "counter", help: "Alert rule evaluations this process ran (0 in a web process with ORIGINWATCH_WORKER=off).", samples: [{ labels: {}, value: e.runs }] },
    { name: "originwatch_alert_evaluation_errors_total", type: "counter", help: "Alert rule evaluations this process ran that failed.", samples: [{ labels: {}, value: e.failures }] },
    {
      name: "originwatch_alert_evaluation_duration_seconds",
      type: "histogram",
      help: "Time one alert rule evaluation took in this process (reads, state machine, writes).",
      samples: histogramSamples({}, e.buckets, EVALUATION_LE_SECONDS, e.sumSeconds, e.runs),
    },
  ];
}

async function probeFamily(q: SqlQueryable): Promise<MetricFamily> {
  const rows = await q.query<{ backend: string; probe: string; kind: string; health: string }>(
    `SELECT b.name AS backend, p.id AS probe, p.kind, p.health FROM probes p JOIN backends b ON b.id = p.backend_id
     WHERE p.enabled AND p.health IN ('healthy', 'sick') ORDER BY b.name, p.id`,
  );
  return {
    name: "originwatch_probe_up",
    type: "gauge",
    help: "1 when the probe judges its backend healthy, 0 when sick (probes with no verdict yet are left out).",
    samples: rows.map((r) => ({ labels: { backend: r.backend, probe: r.probe, kind: r.kind }, value: r.health === "healthy" ? 1 : 0 })),
  };
}

async function alertFamily(q: SqlQueryable): Promise<MetricFamily> {
  const rows = await q.query<{ rule: string; backend: string; state: string }>(
    `SELECT r.name AS rule, i.instance_key AS backend, i.state FROM alert_instances i JOIN alert_rules r ON r.id = i.rule_id
     WHERE r.enabled ORDER BY r.name, i.instance_key`,
  );
  // One series per state, 1 for the current one: a state's series never disappears, so alerts on
  // them (and absent()) behave.
  const samples = rows.flatMap((r) => ALERT_STATES.map((state) => ({ labels: { rule: r.rule, backend: r.backend, state }, value: r.state === state ? 1 : 0 })));
  return { name: "originwatch_alert_state", type: "gauge", help: "1 for the state each alert rule instance is in, 0 for the others.", samples };
}

/** Where this process's memory is: the usual process and Node.js gauges, and the embedded database's share. */
function memoryFamilies(engineBytes: number | null): MetricFamily[] {
  const m = process.memoryUsage();
  const gauge = (name: string, help: string, value: number): MetricFamily => ({ name, type: "gauge", help, samples: [{ labels: {}, value }] });
  const families = [
    gauge("process_resident_memory_bytes", "Resident memory of this process (RSS).", m.rss),
    gauge("nodejs_heap_size_used_bytes", "JavaScript heap in use.", m.heapUsed),
    gauge("nodejs_heap_size_total_bytes", "JavaScript heap reserved.", m.heapTotal),
    gauge("nodejs_external_memory_bytes", "Memory of C++ objects bound to JavaScript objects, buffers included.", m.external),
    gauge("nodejs_array_buffers_memory_bytes", "Memory of ArrayBuffers and Buffers.", m.arrayBuffers),
  ];
  if (engineBytes !== null) {
    families.push(gauge("originwatch_embedded_database_memory_bytes", "The embedded database's WebAssembly memory (grows with its largest working set, never shrinks).", engineBytes));
  }
  return families;
}

export async function collectMetrics(q: SqlQueryable, engineMemoryBytes: number | null = null): Promise<MetricFamily[]> {
  return [...counterFamilies(), ...memoryFamilies(engineMemoryBytes), await probeFamily(q), await alertFamily(q)];
}
