// bunny.net: the Origin Errors record joined to the access-log 5xx it explains, in one batch or
// across batches (the joiner state the intake keeps per source), so the 5xx gets its cause.
import { test } from "node:test";
import assert from "node:assert/strict";
import { joinerFor, LogAggregator } from "@/lib/ingest/aggregate";
import { compileFormat } from "@/lib/ingest/formats/registry";

const T = 1728952065848;
/** https://docs.bunny.net/docs/cdn-log-format (the layout), a 502 of the documented zone. */
const access = (status: number, path: string, time = T) => `MISS|${status}|${time}|0|308006|163.172.53.229|-|https://bunnycdn.b-cdn.net${path}|WA|curl/8.5.0|322b688bd63fb63f2babe9de30a5d262|DE`;
/** https://docs.bunny.net/docs/cdn-origin-errors (the API's example entry, `log` holding the record). */
const apiEntry = (code: string, status: number, url: string, time = T + 400) =>
  JSON.stringify({ logId: "a6a6b755-b6a4-46be-b523-aa82a17d4bc5", timestamp: time, log: JSON.stringify({ RequestUrl: url, PullZoneId: 308006, Message: "Origin DNS lookup failed...", ErrorCode: code, StatusCode: status }), labels: { ErrorCode: code, StatusCode: String(status), ServerZone: "CA" } });

function causes(result: ReturnType<LogAggregator["result"]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const bucket of result.buckets) for (const [cause, n] of Object.entries(bucket.byCause)) out[cause] = (out[cause] ?? 0) + (n ?? 0);
  return out;
}

test("bunny: an Origin Errors API entry is evidence with its time, status, path and cause", () => {
  const outcome = compileFormat("bunny").parse(apiEntry("dns_lookup", 502, "/apikey"));
  assert.ok(outcome.ok && outcome.kind === "evidence");
  assert.equal(outcome.evidence.time, T + 400);
  assert.equal(outcome.evidence.status, 502);
  assert.equal(outcome.evidence.request, "/apikey");
  assert.equal(outcome.evidence.cause, "dns_error");
  // The bare record has no time to join by: still a notice.
  const bare = compileFormat("bunny").parse('{"RequestUrl":"/apikey","PullZoneId":308006,"Message":"Origin DNS lookup failed...","ErrorCode":"dns_lookup","StatusCode":502}');
  assert.ok(bare.ok && bare.kind === "notice");
});

test("bunny: in one batch, whichever comes first, the 5xx takes the record's cause; others stay unknown", () => {
  const agg = new LogAggregator({ kind: "bunny", sourceId: "s" });
  const lines = [
    access(502, "/apikey?v=1"),
    apiEntry("dns_lookup", 502, "/apikey"),
    apiEntry("http_timeout", 504, "/slow", T + 61_000),
    access(504, "/slow"),
    access(502, "/unexplained"),
    access(200, "/ok"),
  ];
  lines.forEach((line, i) => agg.addLine(line, i + 1));
  const result = agg.result();
  assert.equal(result.requestLines, 4);
  assert.equal(result.evidenceLines, 2);
  assert.deepEqual(causes(result), { dns_error: 1, backend_timeout: 1, unknown: 1 });
  assert.ok(result.samples.some((sample) => sample.cause === "dns_error" && sample.errorLog?.message.includes("dns_lookup")));
});

test("bunny: a record in a later batch moves the earlier batch's 5xx (a correction), through the kept joiner", () => {
  const joiner = joinerFor("bunny")!;
  const first = new LogAggregator({ kind: "bunny", sourceId: "s", deferJoin: true });
  first.addLine(access(502, "/apikey"), 1);
  first.completeJoin(joiner);
  assert.deepEqual(causes(first.result()), { unknown: 1 });
  // The intake keeps the joiner's pending entries between batches as a snapshot.
  const restored = joinerFor("bunny")!;
  restored.importPending(JSON.parse(JSON.stringify(joiner.exportPending())));
  const second = new LogAggregator({ kind: "bunny", sourceId: "s", deferJoin: true });
  second.addLine(apiEntry("network_socket_exception", 502, "/apikey"), 1);
  second.completeJoin(restored);
  const result = second.result();
  assert.equal(result.requestLines, 0);
  assert.deepEqual(result.corrections.map((c) => [c.from, c.to]), [["unknown", "connect_refused"]]);
});

test("bunny: a record of another status or path, or far apart in time, explains nothing", () => {
  const agg = new LogAggregator({ kind: "bunny", sourceId: "s" });
  [access(502, "/a"), apiEntry("dns_lookup", 504, "/a"), apiEntry("dns_lookup", 502, "/b"), apiEntry("dns_lookup", 502, "/a", T + 10 * 60_000)].forEach((line, i) => agg.addLine(line, i + 1));
  assert.deepEqual(causes(agg.result()), { unknown: 1 });
});
