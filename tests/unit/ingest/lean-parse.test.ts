// The aggregator parses with lean parsers (registry.ts): on lines below 500 they skip the client,
// the request line and the failure evidence, which only 5xx lines are read for. These tests hold
// a lean parse to its promise against the full one: the same lines accepted or rejected, with the
// same reasons; the same counted fields on every line; on a 5xx, exactly the full parse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat } from "@/lib/ingest/formats/registry";
import type { ParsedRequest, ParseOutcome, ProxyKind } from "@/lib/ingest/types";

/** What the aggregator counts, from every line. */
const COUNTED = [
  "time", "utcOffsetMin", "status", "bytes", "totalMs", "upstreamConnectMs", "upstreamHeaderMs", "upstreamResponseMs",
  "firstByteMs", "backend", "upstreamAddr", "handling",
] as const satisfies readonly (keyof ParsedRequest)[];

const STATUSES = [200, 304, 404, 500, 502, 503, 504];

/** Lines with `{s}` where the status goes, in formats whose client and request line are skipped. */
const CASES: [ProxyKind, string | undefined, string][] = [
  ["varnish", undefined, '192.168.1.10 - - [10/Oct/2000:13:55:36 -0700] "GET http://www.example.com/a?b=1 HTTP/1.1" {s} 2326 "-" "Mozilla/5.0 (X11)"'],
  [
    "varnish",
    '%h %t "%m %U%q %H" %s %b %D %{Varnish:side}x %{Varnish:handling}x "%{VSL:FetchError}x" %{VSL:BackendOpen[2]}x',
    '10.0.0.5 [01/Mar/2024:10:00:07 +0100] "GET /a ?x=1 HTTP/1.1" {s} 0 60001234 b miss "backend boot.api: fail errno 111 (Connection refused)" boot.api',
  ],
  ["varnish", '%h %t "%r" %s %b %{Varnish:side}x %{Varnish:handling}x "%{VSL:FetchError}x"', '10.0.0.5 [01/Mar/2024:10:00:07 +0100] "GET /a HTTP/1.1" {s} 282 c pass "-"'],
  ["nginx", undefined, '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" {s} 2326 "http://www.example.com/start.html" "Mozilla/4.08"'],
  [
    "nginx",
    '$remote_addr [$time_local] "$request" $status $body_bytes_sent rt=$request_time ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time" $upstream_cache_status',
    '203.0.113.7 [01/Mar/2024:10:00:00 +0000] "GET /checkout HTTP/1.1" {s} 157 rt=3.004 ua="10.0.1.10:8080, 10.0.1.11:8080" us="{s}, {s}" uct="-, 0.001" uht="-, 0.120" urt="3.001, 0.121" MISS',
  ],
  ["nginx", "$time_iso8601 $remote_addr $request_method $request_uri $uri $server_protocol $status $upstream_addr", "2024-03-01T10:00:00+01:00 10.1.1.1 POST /x?y=1 /x HTTP/2.0 {s} unix:/run/php/fpm.sock"],
  [
    "haproxy",
    undefined,
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 {s} 2750 - - sH-- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
  ],
  ["haproxy", undefined, '<134>1 2024-03-01T10:00:00.123+01:00 lb1 haproxy 77 - - [::1]:40000 [01/Mar/2024:10:00:00.123] fe be/<NOSRV> 0/-1/-1/-1/0 {s} 0 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"'],
  ["haproxy", "%ci [%tr] %b/%s %TR/%Tw/%Tc/%Tr/%Tt %ST %B %ts %HM %HP %HV", "10.0.0.9 [06/Feb/2009:12:14:14.655] be/s1 1/0/2/-1/30001 {s} 0 sH GET /p?q=1 HTTP/1.1"],
  ["envoy", undefined, '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" {s} UF,URX 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0" "locations" "tcp://10.0.2.1:80"'],
  ["json", undefined, '{"time":"2024-03-01T10:00:00Z","status":{s},"backend":"api","path":"/a","client":"10.0.0.1","duration_ms":12,"upstream_status":"{s}"}'],
];

function parseBoth(kind: ProxyKind, format: string | undefined, line: string): { full: ParseOutcome; lean: ParseOutcome } {
  return { full: compileFormat(kind, format).parse(line), lean: compileFormat(kind, format, { lean: true }).parse(line) };
}

function assertSameVerdict(full: ParseOutcome, lean: ParseOutcome, what: string): void {
  assert.equal(lean.ok, full.ok, what);
  if (!full.ok || !lean.ok) {
    assert.equal(lean.ok ? "" : lean.reason, full.ok ? "" : full.reason, what);
    return;
  }
  assert.equal(lean.kind, full.kind, what);
  if (full.kind === "uncounted" && lean.kind === "uncounted") assert.equal(lean.why, full.why, what);
}

test("lean parse: the same verdict and counted fields on every line, and on a 5xx the whole full parse", () => {
  for (const [kind, format, template] of CASES) {
    for (const status of STATUSES) {
      const line = template.replaceAll("{s}", String(status));
      const what = `${kind} ${format ?? "default"} ${status}`;
      const { full, lean } = parseBoth(kind, format, line);
      assert.ok(full.ok && (full.kind === "request" || full.kind === "uncounted"), `${what}: ${full.ok ? full.kind : full.reason}`);
      assertSameVerdict(full, lean, what);
      if (!full.ok || !lean.ok || lean.kind === "evidence" || lean.kind === "notice") continue;
      for (const field of COUNTED) assert.deepEqual(lean.request[field], full.request[field], `${what}: ${field}`);
      if (status >= 500) {
        assert.deepEqual(lean.request, full.request, `${what}: a 5xx is parsed in full`);
      } else if (kind !== "envoy") {
        // What the lean parse is for: nothing a 2xx-4xx line is never read for is made.
        assert.equal(lean.request.path, undefined, `${what}: path`);
        assert.equal(lean.request.client, undefined, `${what}: client`);
        assert.ok(full.request.path !== undefined, `${what}: the full parse has the path`);
      }
    }
  }
});

test("lean parse: every truncation and corruption of a line gets the full parse's verdict and reason", () => {
  for (const [kind, format, template] of CASES) {
    for (const status of [200, 503]) {
      const line = template.replaceAll("{s}", String(status));
      for (let cut = 0; cut <= line.length; cut++) {
        const truncated = line.slice(0, cut);
        const { full, lean } = parseBoth(kind, format, truncated);
        assertSameVerdict(full, lean, `${kind} ${format ?? "default"} cut at ${cut}: ${truncated}`);
      }
      // A bad value in a field read only for detail must still reject the line in a lean parse.
      for (let at = 0; at < line.length; at++) {
        const corrupted = `${line.slice(0, at)}x${line.slice(at + 1)}`;
        const { full, lean } = parseBoth(kind, format, corrupted);
        assertSameVerdict(full, lean, `${kind} ${format ?? "default"} corrupted at ${at}: ${corrupted}`);
      }
    }
  }
});
