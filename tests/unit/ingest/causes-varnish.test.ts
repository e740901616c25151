import { test } from "node:test";
import assert from "node:assert/strict";
import { attributeCause } from "@/lib/ingest/causes";
import { parseRequest } from "./helpers";

// varnishncsa -b -F with the backend side and the FetchError record.
const FORMAT = '%h %t "%r" %s %b %{Varnish:side}x "%{VSL:FetchError}x"';

function causeOf(status: number, fetchError: string, side = "b"): string | null {
  const line = `10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" ${status} 0 ${side} "${fetchError}"`;
  return attributeCause("varnish", parseRequest("varnish", line, FORMAT));
}

test("Varnish FetchError texts of every version map to one canonical cause", () => {
  const table: [string, string][] = [
    // connect refused, by version: 4.x, 6.0, 6.1+
    ["no backend connection", "connect_refused"],
    ["backend default: fail", "connect_refused"],
    ["backend boot.default: fail errno 111 (Connection refused)", "connect_refused"],
    ["backend boot.default: fail errno 113 (No route to host)", "connect_refused"],
    ["backend boot.default: fail errno 110 (Connection timed out)", "connect_timeout"],
    ["first byte timeout", "backend_timeout"],
    ["first byte timeout (reused connection)", "backend_timeout"],
    ["timeout", "backend_timeout"],
    ["Timed out reusing backend connection", "backend_timeout"],
    ["HTC eof (-1)", "backend_reset"],
    ["HTC eof (Unexpected end of input)", "backend_reset"],
    ["backend closed", "backend_reset"],
    ["backend write error: 32 (Broken pipe)", "backend_reset"],
    ["Received junk", "bad_response"],
    ["http format error", "bad_response"],
    ["overflow", "bad_response"],
    ["HTC junk (Received junk)", "bad_response"],
    ["backend boot.default: unhealthy", "no_healthy_backend"],
    ["No backend", "no_healthy_backend"],
    ["Director boot.cluster returned no backend", "no_healthy_backend"],
    ["backend boot.default: busy", "proxy_overload"],
    ["No thread available for bgfetch", "proxy_overload"],
    ["Could not get storage", "proxy_error"],
    ["No backend connection (rollback?)", "proxy_error"],
    ["something we have never seen", "unknown"],
  ];
  for (const [fetchError, cause] of table) assert.equal(causeOf(503, fetchError), cause, fetchError);
});

test("Varnish: a backend-side 503 without FetchError is the origin's own answer", () => {
  assert.equal(causeOf(503, "-"), "backend_error");
  assert.equal(causeOf(500, "-"), "backend_error");
  // ... but the proxy-made 503 of the same backend is not
  assert.equal(causeOf(503, "backend boot.default: unhealthy"), "no_healthy_backend");
});

test("Varnish: client-side records and the default format carry no evidence: unknown, never a guess", () => {
  // A client record counted on its own (a VCL synth here: no backend record exists for it).
  const synth = parseRequest("varnish", '10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" 503 0 c synth "-"', '%h %t "%r" %s %b %{Varnish:side}x %{Varnish:handling}x "%{VSL:FetchError}x"');
  assert.equal(attributeCause("varnish", synth), "unknown");
  const plain = parseRequest("varnish", '1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] "GET http://x/ HTTP/1.1" 503 282 "-" "curl/8"');
  assert.equal(attributeCause("varnish", plain), "unknown");
  const sideOnly = parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 503 b", "%t %s %{Varnish:side}x");
  assert.equal(attributeCause("varnish", sideOnly), "unknown"); // FetchError not logged: cannot tell
});

test("Varnish: non-5xx statuses have no cause", () => {
  assert.equal(causeOf(200, "-"), null);
  assert.equal(causeOf(404, "-"), null);
});
