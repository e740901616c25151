// The latency counts only answers an origin gave: the per-cause table (ingest) and the list the
// series read marks buckets with (rollups) must say the same, and the aggregator must follow them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LogAggregator } from "@/lib/ingest/aggregate";
import { REACHED_ORIGIN, countsForLatency } from "@/lib/ingest/origin-answer";
import { CAUSE_IDS } from "@/lib/ingest/types";
import { FAILED_BEFORE_ORIGIN } from "@/lib/rollups/origin-answers";
import { histogramCount, quantile } from "@/lib/rollups/histogram";

test("origin answers: the ingest table and the rollups' list agree, cause by cause", () => {
  for (const cause of CAUSE_IDS) assert.equal(REACHED_ORIGIN[cause], !FAILED_BEFORE_ORIGIN.has(cause), cause);
  for (const cause of FAILED_BEFORE_ORIGIN) assert.ok((CAUSE_IDS as readonly string[]).includes(cause), `${cause} is a cause id`);
  assert.equal(countsForLatency(null), true, "a response that is not a 5xx counts");
  // The ones a user would argue about, spelled out.
  assert.equal(REACHED_ORIGIN.backend_timeout, true, "a first-byte timeout is the origin's slowness");
  assert.equal(REACHED_ORIGIN.backend_error, true);
  assert.equal(REACHED_ORIGIN.connect_refused, false);
  assert.equal(REACHED_ORIGIN.no_healthy_backend, false);
});

const FORMAT = '$remote_addr [$time_local] "$request" $status $body_bytes_sent $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $request_time';
const line = (s: string, status: number, upstreamStatus: string, header: string, total: string) =>
  `203.0.113.7 [01/Mar/2024:10:00:${s} +0000] "GET / HTTP/1.1" ${status} 10 10.0.0.1:80 ${upstreamStatus} ${header === "-" ? "-" : "0.001"} ${header} ${total}`;

test("aggregate: refused connections count as requests and causes, not as latency", () => {
  const aggregator = new LogAggregator({ kind: "nginx", format: FORMAT, sourceId: "s" });
  const lines = [
    line("01", 200, "200", "0.200", "0.201"),
    line("02", 200, "200", "0.220", "0.221"),
    // Refused: nginx answers 502 in a millisecond, with no header time.
    ...Array.from({ length: 8 }, (_, i) => line(String(10 + i), 502, "502", "-", "0.001")),
  ];
  lines.forEach((l, i) => aggregator.addLine(l, i + 1));
  const [bucket] = aggregator.result().buckets;
  assert.equal(bucket!.requests, 10);
  assert.deepEqual(bucket!.byCause, { connect_refused: 8 });
  assert.equal(histogramCount(bucket!.latencyHistogram), 2, "only the two answers the origin gave");
  const p50 = quantile(bucket!.latencyHistogram, 0.5)!;
  assert.ok(p50 > 190 && p50 < 230, `p50 ${p50} ms is the origin's, not the 1 ms refusals`);
});
