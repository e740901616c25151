// varnishncsa -b -c writes a client and a backend line per fetched request: which ones count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRequest, parseUncounted } from "./helpers";

/** `-b -c` with side and handling, the way DOMAIN.md and the README recommend. */
const BOTH = '%h %t "%r" %s %b %{Varnish:side}x %{Varnish:handling}x %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"';
/** The same without handling. */
const SIDE_ONLY = '%h %t "%r" %s %b %{Varnish:side}x %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"';

function line(side: string, handling: string, status = 200, backend = "-", fetchError = "-"): string {
  return `10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" ${status} 10 ${side} ${handling} ${backend} "${fetchError}"`;
}

test("varnish -b -c: backend lines count, with their backend and FetchError", () => {
  const request = parseRequest("varnish", line("b", "-", 503, "-", "backend app: fail errno 111 (Connection refused)"), BOTH);
  assert.equal(request.backend, "app");
  assert.equal(request.evidence.varnishSide, "b");
  assert.equal(parseRequest("varnish", line("b", "-", 200, "app"), BOTH).backend, "app");
});

test("varnish -b -c: client lines of fetched requests (miss, pass, hitmiss, hitpass) are accepted, not counted", () => {
  for (const handling of ["miss", "pass", "hitmiss", "hitpass"]) {
    const { why, request } = parseUncounted("varnish", line("c", handling, 503), BOTH);
    assert.equal(why, "backend-line-counts-it", handling);
    assert.equal(request.handling, handling);
  }
});

test("varnish -b -c: client lines with no backend fetch (hit, synth, pipe, no handling) count", () => {
  // varnishncsa -b does not log piped requests (its manual's notes): the client line is their only record.
  for (const handling of ["hit", "synth", "pipe"]) assert.equal(parseRequest("varnish", line("c", handling), BOTH).handling, handling);
  // A request answered before any VCL ran logs handling "-": nothing was fetched for it either.
  assert.equal(parseRequest("varnish", line("c", "-", 400), BOTH).status, 400);
});

test("varnish -b -c without handling: only backend lines count, since a hit cannot be told from a fetch", () => {
  const client = (status: number) => `10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" ${status} 10 c - "-"`;
  assert.equal(parseUncounted("varnish", client(200), SIDE_ONLY).why, "handling-not-logged");
  assert.equal(parseUncounted("varnish", client(503), SIDE_ONLY).why, "handling-not-logged");
  assert.equal(parseRequest("varnish", '10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" 200 10 b app "-"', SIDE_ONLY).backend, "app");
});

test("varnish: %{Varnish:hitmiss}x stands in for handling (pipe and synth read as miss there); handling wins over it", () => {
  const hitmiss = '%t %s %{Varnish:side}x %{Varnish:hitmiss}x';
  assert.equal(parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 200 c hit", hitmiss).handling, "hit");
  assert.equal(parseUncounted("varnish", "[01/Mar/2024:10:00:00 +0000] 200 c miss", hitmiss).why, "backend-line-counts-it");
  // Both logged, in either order: the finer handling decides.
  assert.equal(parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 200 c synth miss", '%t %s %{Varnish:side}x %{Varnish:handling}x %{Varnish:hitmiss}x').handling, "synth");
  assert.equal(parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 200 c miss synth", '%t %s %{Varnish:side}x %{Varnish:hitmiss}x %{Varnish:handling}x').handling, "synth");
});

test("varnish: formats without side (default, -b alone, -c alone) count every line", () => {
  assert.equal(parseRequest("varnish", '10.0.0.5 - - [01/Mar/2024:10:00:00 +0000] "GET http://x/p HTTP/1.1" 503 0 "-" "curl/8"').status, 503);
  const clientOnly = '%h %t "%r" %s %b %{Varnish:handling}x';
  assert.equal(parseRequest("varnish", '10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" 200 10 pass', clientOnly).handling, "pass");
  assert.equal(parseRequest("varnish", '10.0.0.5 [01/Mar/2024:10:00:00 +0000] "GET /p HTTP/1.1" 200 10 miss', clientOnly).handling, "miss");
});

test("json: a mapping with side follows the same rule (varnishncsa -j -b -c)", () => {
  const mapping = JSON.stringify({ time: "time", status: "status", side: "side", handling: "handling", backend: "backend", fetchError: "fetch_error" });
  const json = (side: string, handling: string) => JSON.stringify({ time: "2024-03-01T10:00:00Z", status: 503, side, handling, backend: side === "b" ? "app" : "-", fetch_error: "-" });
  assert.equal(parseRequest("json", json("b", "-"), mapping).backend, "app");
  assert.equal(parseUncounted("json", json("c", "pass"), mapping).why, "backend-line-counts-it");
  assert.equal(parseRequest("json", json("c", "hit"), mapping).handling, "hit");
  const withoutHandling = JSON.stringify({ time: "time", status: "status", side: "side" });
  assert.equal(parseUncounted("json", json("c", "hit"), withoutHandling).why, "handling-not-logged");
  // No side mapped: every line counts, as before.
  assert.equal(parseRequest("json", json("c", "pass")).status, 503);
});
