// `varnishncsa -b` without %{Varnish:side}x: lines shaped like its real output (backend
// transactions: %h is the backend's address, %r the bereq). A line that names the backend
// connection it used (BackendOpen) or carries a FetchError is a backend record, so the origin's
// own 500 and 503 are backend_error, not unknown; a proxy-made 503 keeps its FetchError cause.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileVarnishFormat, varnishSideSupport } from "@/lib/ingest/formats/varnish";
import { varnishCause } from "@/lib/ingest/cause-rules/varnish";
import type { ParsedRequest } from "@/lib/ingest/types";

const B_FORMAT = '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"';
const LINES = {
  origin500: '127.0.0.1 - - [07/Dec/2026:04:40:00 +0000] "GET http://localhost/app/orders HTTP/1.1" 500 21 "-" "curl/8.5.0" boot.app "-"',
  origin503: '127.0.0.1 - - [07/Dec/2026:04:40:01 +0000] "GET http://localhost/app/busy HTTP/1.1" 503 19 "-" "curl/8.5.0" boot.app "-"',
  refused: '- - - [07/Dec/2026:04:40:02 +0000] "GET http://localhost/down HTTP/1.1" 503 0 "-" "curl/8.5.0" - "backend boot.down: fail errno 111 (Connection refused)"',
  timeout: '127.0.0.1 - - [07/Dec/2026:04:40:03 +0000] "GET http://localhost/slow HTTP/1.1" 503 0 "-" "curl/8.5.0" boot.slow "first byte timeout"',
};

function parse(format: string, line: string): ParsedRequest {
  const out = compileVarnishFormat(format).parse(line);
  assert.ok(out.ok && out.kind === "request", JSON.stringify(out));
  return out.request;
}

test("varnishncsa -b with BackendOpen and FetchError but no side: the origin's 5xx are backend_error", () => {
  assert.equal(varnishCause(parse(B_FORMAT, LINES.origin500)), "backend_error");
  assert.equal(varnishCause(parse(B_FORMAT, LINES.origin503)), "backend_error");
  assert.equal(parse(B_FORMAT, LINES.origin503).backend, "boot.app");
  assert.equal(varnishCause(parse(B_FORMAT, LINES.refused)), "connect_refused");
  assert.equal(parse(B_FORMAT, LINES.refused).backend, "boot.down");
  assert.equal(varnishCause(parse(B_FORMAT, LINES.timeout)), "backend_timeout");
});

test("a line with no backend field and no FetchError is still unknown: nothing says which side wrote it", () => {
  const line = '127.0.0.1 - - [07/Dec/2026:04:40:04 +0000] "GET /x HTTP/1.1" 503 0 "-" "curl/8.5.0" - "-"';
  assert.equal(varnishCause(parse(B_FORMAT, line)), "unknown");
});

test("the source page's verdict on a format: side logged, side inferred, or cannot tell", () => {
  assert.equal(varnishSideSupport('%h %t "%r" %s %{Varnish:side}x "%{VSL:FetchError}x"'), "side");
  assert.equal(varnishSideSupport(B_FORMAT), "inferred");
  assert.equal(varnishSideSupport('%h %t "%r" %s "%{VSL:FetchError}x"'), "none");
  assert.equal(varnishSideSupport(null), "none");
});

test("declared as fed by varnishncsa -b: a 5xx with an empty FetchError is the origin's, even with no backend field; the verdict says declared", () => {
  const format = '%h %l %u %t "%r" %s %b "%{VSL:FetchError}x"';
  const line = '127.0.0.1 - - [07/Dec/2026:04:40:05 +0000] "GET /x HTTP/1.1" 503 0 "-"';
  const declared = compileVarnishFormat(format, { backendSide: true }).parse(line);
  assert.ok(declared.ok && declared.kind === "request");
  assert.equal(varnishCause(declared.request), "backend_error");
  assert.equal(varnishCause(parse(format, line)), "unknown", "undeclared: nothing says which side wrote it");
  // The lean parse (the aggregator's) reads the declaration the same way.
  const lean = compileVarnishFormat(format, { backendSide: true, lean: true }).parse(line);
  assert.ok(lean.ok && lean.kind === "request");
  assert.equal(varnishCause(lean.request), "backend_error");

  assert.equal(varnishSideSupport(format, true), "declared");
  assert.equal(varnishSideSupport(format, false), "none");
  // Without FetchError, a declared side cannot tell Varnish's own 503 from the origin's.
  assert.equal(varnishSideSupport('%h %l %u %t "%r" %s %b', true), "none");
  assert.equal(varnishSideSupport('%h %t "%r" %s %{Varnish:side}x "%{VSL:FetchError}x"', true), "side");
});
