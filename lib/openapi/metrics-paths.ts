// OpenAPI for the Prometheus scrape endpoint (at /metrics, outside /api/v1, where scrapers look).
import type { PathHelpers } from "@/lib/openapi/backend-paths";

export function metricsPaths(h: PathHelpers): Record<string, unknown> {
  return {
    "/metrics": {
      get: {
        summary: "Prometheus metrics (text exposition format 0.0.4): an API token of any role, or a scraper at an address in METRICS_ALLOW",
        description:
          "Counters since this process started (scrape each web process as its own target): originwatch_requests_total{backend,status_class}, originwatch_errors_total{backend,cause}, " +
          "originwatch_request_duration_seconds (histogram by backend), originwatch_ingest_lines_total{result}, originwatch_ingest_batches_total, originwatch_alert_evaluations_total, " +
          "originwatch_alert_evaluation_errors_total, originwatch_alert_evaluation_duration_seconds (histogram). Gauges from the database: originwatch_probe_up{backend,probe,kind}, " +
          "originwatch_alert_state{rule,backend,state} (1 for the current state, 0 for the others). Memory of this process: process_resident_memory_bytes, nodejs_heap_size_used_bytes, " +
          "nodejs_heap_size_total_bytes, nodejs_external_memory_bytes, nodejs_array_buffers_memory_bytes and, on the embedded database, originwatch_embedded_database_memory_bytes.",
        responses: {
          "200": { description: "metrics", content: { "text/plain; version=0.0.4": { schema: { type: "string" } } } },
          ...h.errors(401, 403),
        },
      },
    },
  };
}
