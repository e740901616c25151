// The trap real nginx sets (issue #17): $upstream_status 502 with $upstream_connect_time `-` both
// when the connect was refused and when the TLS handshake failed; only the error log tells. The
// lines below were produced by nginx 1.26 (Debian) here: `proxy_pass https://` to a plain-TCP
// listener, and a variable proxy_pass with a `resolver` on a closed local UDP port.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LogAggregator } from "@/lib/ingest/aggregate";
import { parseNotice } from "./helpers";

const FORMAT = '$remote_addr - - [$time_local] "$request" $status $body_bytes_sent "-" "-" $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time';

const TLS_ACCESS = '127.0.0.1 - - [07/Dec/2026:01:16:43 +0000] "GET /tls HTTP/1.1" 502 157 "-" "-" 127.0.0.1:18482 502 - - 0.001 0.001';
const TLS_ERROR =
  '2026/12/07 01:16:43 [error] 13857#13857: *1 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1, server: , request: "GET /tls HTTP/1.1", upstream: "https://127.0.0.1:18482/tls", host: "127.0.0.1:18481"';
const DNS_ACCESS = '127.0.0.1 - - [07/Dec/2026:01:16:19 +0000] "GET /dns HTTP/1.1" 502 157 "-" "-" - - - - - 1.001';
const DNS_ERROR =
  '2026/12/07 01:16:19 [error] 13452#13452: *3 nowhere.invalid could not be resolved (110: Operation timed out), client: 127.0.0.1, server: , request: "GET /dns HTTP/1.1", host: "127.0.0.1:18481"';
const RESOLVER = "2026/12/07 01:16:18 [error] 13452#13452: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.1:18483";
const REFUSED_ACCESS = '127.0.0.1 - - [07/Dec/2026:01:16:18 +0000] "GET /tls HTTP/1.1" 502 157 "-" "-" 127.0.0.1:18482 502 - - 0.000 0.000';
const REFUSED_ERROR =
  '2026/12/07 01:16:18 [error] 13452#13452: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , request: "GET /tls HTTP/1.1", upstream: "https://127.0.0.1:18482/tls", host: "127.0.0.1:18481"';

function causes(lines: string[]): { byCause: Record<string, number>; requests: number; noticeLines: number } {
  const aggregator = new LogAggregator({ kind: "nginx", format: FORMAT });
  lines.forEach((line, i) => aggregator.addLine(line, i + 1));
  const result = aggregator.result();
  const byCause: Record<string, number> = {};
  for (const bucket of result.buckets) for (const [cause, n] of Object.entries(bucket.byCause)) byCause[cause] = (byCause[cause] ?? 0) + (n ?? 0);
  return { byCause, requests: result.requestLines, noticeLines: result.noticeLines };
}

test("a failed TLS handshake is tls_error, never connect_refused, whichever log line comes first", () => {
  assert.deepEqual(causes([TLS_ACCESS, TLS_ERROR]).byCause, { tls_error: 1 });
  assert.deepEqual(causes([TLS_ERROR, TLS_ACCESS]).byCause, { tls_error: 1 });
  // The same access line with a refused connect stays connect_refused.
  assert.deepEqual(causes([REFUSED_ERROR, REFUSED_ACCESS]).byCause, { connect_refused: 1 });
});

test("`could not be resolved` joins by request, client and time (it has no upstream) and is dns_error", () => {
  assert.deepEqual(causes([DNS_ACCESS, DNS_ERROR]).byCause, { dns_error: 1 });
  assert.deepEqual(causes([DNS_ERROR, DNS_ACCESS]).byCause, { dns_error: 1 });
});

test("resolver lines belong to no request: notices, never counted or joined", () => {
  const notice = parseNotice("nginx", RESOLVER, FORMAT);
  assert.match(notice.message, /while resolving, resolver: 127\.0\.0\.1:18483/);
  const counted = causes([RESOLVER, RESOLVER, DNS_ERROR, DNS_ACCESS]);
  assert.equal(counted.requests, 1);
  assert.equal(counted.noticeLines, 2);
  assert.deepEqual(counted.byCause, { dns_error: 1 });
});

test("a 502 the error log passed without a line of its own was the origin's answer (backend_error)", () => {
  // The access line alone would read as a refused connect; the error log moves on past it
  // (a later, unrelated error line) without explaining it.
  const later = '2026/12/07 01:16:30 [error] 13857#13857: *9 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.9, server: , request: "GET /slow HTTP/1.1", upstream: "http://127.0.0.1:9/slow", host: "x"';
  assert.deepEqual(causes([REFUSED_ACCESS]).byCause, { connect_refused: 1 }, "without an error log nothing changes");
  assert.deepEqual(causes([REFUSED_ACCESS, later]).byCause, { backend_error: 1 });
  // Within the window the line may still come: nothing is concluded yet.
  const soon = later.replace("01:16:30", "01:16:19");
  assert.deepEqual(causes([REFUSED_ACCESS, soon]).byCause, { connect_refused: 1 });
});
