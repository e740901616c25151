import { test } from "node:test";
import assert from "node:assert/strict";
import { ErrorLogJoiner } from "@/lib/ingest/errorlog-join";
import { parseEvidence, parseRequest } from "./helpers";

const FORMAT = '$remote_addr [$time_local] "$request" $status $upstream_addr';

// Access log in +01:00; the error log writes the same local wall clock without a zone.
function access(time: string, status = 504, client = "203.0.113.7", path = "/api", upstream = "10.0.1.10:8080") {
  return parseRequest("nginx", `${client} [01/Mar/2024:${time} +0100] "GET ${path} HTTP/1.1" ${status} ${upstream}`, FORMAT);
}

function errorLog(time: string, client = "203.0.113.7", path = "/api", upstream = "http://10.0.1.10:8080/api") {
  return parseEvidence(
    `2024/03/01 ${time} [error] 7#7: *42 upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${client}, server: _, request: "GET ${path} HTTP/1.1", upstream: "${upstream}", host: "example.com"`,
  );
}

test("join: evidence first, then the access line it explains", () => {
  const joiner = new ErrorLogJoiner<string>();
  assert.equal(joiner.addEvidence(errorLog("10:00:05")), undefined);
  const matched = joiner.addRequest(access("10:00:06"), "line 1");
  assert.equal(matched?.cause, "backend_timeout");
  assert.deepEqual(joiner.pendingCounts, { requests: 0, evidence: 0 });
});

test("join: access line first, evidence later returns the pending request and its ref", () => {
  const joiner = new ErrorLogJoiner<{ lineNo: number }>();
  const request = access("10:00:05");
  assert.equal(joiner.addRequest(request, { lineNo: 17 }), undefined);
  const pending = joiner.addEvidence(errorLog("10:00:04"));
  assert.equal(pending?.ref.lineNo, 17);
  assert.equal(pending?.request, request);
  assert.deepEqual(joiner.pendingCounts, { requests: 0, evidence: 0 });
});

test("join: client, request line, upstream and a ~2 s window must all agree", () => {
  const joinsWith = (request: ReturnType<typeof access>): boolean => {
    const joiner = new ErrorLogJoiner<null>();
    joiner.addEvidence(errorLog("10:00:05"));
    return joiner.addRequest(request, null) !== undefined;
  };
  assert.equal(joinsWith(access("10:00:09")), false, "4 s apart");
  assert.equal(joinsWith(access("10:00:05", 504, "198.51.100.1")), false, "other client");
  assert.equal(joinsWith(access("10:00:05", 504, "203.0.113.7", "/other")), false, "other request");
  assert.equal(joinsWith(access("10:00:05", 504, "203.0.113.7", "/api", "10.0.1.11:8080")), false, "other upstream");
  assert.equal(joinsWith(access("10:00:05", 200)), false, "not a 5xx");
  assert.equal(joinsWith(access("10:00:07")), true, "2 s apart, same request");
});

test("join: the nearest of several candidates in time wins", () => {
  const joiner = new ErrorLogJoiner<string>();
  joiner.addRequest(access("10:00:04"), "early");
  joiner.addRequest(access("10:00:06"), "late");
  assert.equal(joiner.addEvidence(errorLog("10:00:06"))?.ref, "late");
  assert.equal(joiner.addEvidence(errorLog("10:00:06"))?.ref, "early");
});

test("join: evidence without an upstream (limit_req) joins on client and request", () => {
  const joiner = new ErrorLogJoiner<null>();
  joiner.addEvidence(parseEvidence('2024/03/01 10:00:05 [error] 7#7: *9 limiting requests, excess: 0.500 by zone "one", client: 203.0.113.7, server: _, request: "GET /api HTTP/1.1", host: "example.com"'));
  assert.equal(joiner.addRequest(access("10:00:05", 503, "203.0.113.7", "/api", "-"), null)?.cause, "proxy_overload");
});

test("join: pending entries export to JSON and import into a new joiner (next batch)", () => {
  const first = new ErrorLogJoiner<{ lineNo: number }>();
  first.addRequest(access("10:00:05"), { lineNo: 3 });
  first.addEvidence(errorLog("10:00:06", "198.51.100.1"));
  const snapshot = JSON.parse(JSON.stringify(first.exportPending()));
  assert.equal(snapshot.requests.length, 1);
  assert.equal(snapshot.evidence.length, 1);
  const next = new ErrorLogJoiner<{ lineNo: number }>();
  next.importPending(snapshot);
  assert.deepEqual(next.pendingCounts, { requests: 1, evidence: 1 });
  assert.equal(next.addEvidence(errorLog("10:00:06"))?.ref.lineNo, 3);
  assert.equal(next.addRequest(access("10:00:07", 504, "198.51.100.1"), { lineNo: 9 })?.client, "198.51.100.1");
});

test("join: memory is bounded by count and entries expire once the other stream moved on", () => {
  const joiner = new ErrorLogJoiner<number>({ maxPending: 100 });
  for (let i = 0; i < 1000; i++) joiner.addRequest(access("10:00:05", 504, `10.9.${i >> 8}.${i & 255}`), i);
  assert.equal(joiner.pendingCounts.requests, 100);
  joiner.addEvidence(errorLog("10:05:00", "192.0.2.1"));
  assert.equal(joiner.pendingCounts.requests, 0, "the error log is 5 minutes ahead: no request can match any more");
  joiner.addEvidence(errorLog("10:05:00", "192.0.2.2"));
  joiner.expireBefore(Date.UTC(2024, 2, 1, 10, 6, 0));
  assert.deepEqual(joiner.pendingCounts, { requests: 0, evidence: 0 });
});

test("pending entries a minute behind the newest line are dropped, so a source without an error log stays small", () => {
  const joiner = new ErrorLogJoiner<number>();
  const base = Date.UTC(2026, 10, 21, 10, 0, 0);
  for (let i = 0; i < 200; i++) {
    joiner.addRequest({ time: base + i * 1000, status: 502, client: "10.0.0.1", method: "GET", path: `/p${i}`, protocol: "HTTP/1.1", evidence: {} }, i);
  }
  joiner.expireBehind(60_000);
  const pending = joiner.pendingCounts.requests;
  assert.ok(pending <= 61 && pending >= 59, `about a minute of requests kept, got ${pending}`);
});
