import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import { parseRequest, pick, rejection } from "./helpers";

const DEFAULT_LINE =
  '192.168.1.10 - - [10/Oct/2000:13:55:36 -0700] "GET http://www.example.com/index.html?lang=en HTTP/1.1" 200 2326 "http://www.example.com/start.html" "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"';

test("varnishncsa default format: a real client line", () => {
  const request = parseRequest("varnish", DEFAULT_LINE);
  assert.deepEqual(pick(request, "client", "method", "path", "protocol", "status", "bytes", "time", "utcOffsetMin", "backend"), {
    client: "192.168.1.10",
    method: "GET",
    path: "/index.html?lang=en", // the absolute URL varnishncsa logs, reduced to its path
    protocol: "HTTP/1.1",
    status: 200,
    bytes: 2326,
    time: Date.UTC(2000, 9, 10, 20, 55, 36),
    utcOffsetMin: -420,
    backend: undefined,
  });
  assert.deepEqual(request.evidence, {});
});

test("varnishncsa: '-' bytes, escaped quotes inside a quoted header, a synthetic 503", () => {
  const line = '10.1.2.3 - - [01/Mar/2024:10:00:00 +0000] "POST http://shop.example.com/cart HTTP/1.1" 503 - "-" "curl/8.5 \\"quoted\\" agent"';
  const request = parseRequest("varnish", line);
  assert.equal(request.status, 503);
  assert.equal(request.bytes, 0);
  assert.equal(request.path, "/cart");
});

test("varnishncsa -b format with FetchError, side, handling, %D and the backend", () => {
  const format = '%h %t "%r" %s %b %D %{Varnish:time_firstbyte}x %{Varnish:handling}x %{Varnish:side}x "%{VSL:FetchError}x" %{VSL:BackendOpen[2]}x';
  const line = '10.0.0.5 [01/Mar/2024:10:00:07 +0100] "GET /api/items HTTP/1.1" 503 0 60001234 60.000512 miss b "backend boot.api: fail errno 111 (Connection refused)" -';
  const request = parseRequest("varnish", line, format);
  assert.deepEqual(pick(request, "status", "totalMs", "firstByteMs", "handling", "backend", "time", "utcOffsetMin"), {
    status: 503,
    totalMs: 60001.234,
    firstByteMs: 60000.512,
    handling: "miss",
    backend: "boot.api", // from the FetchError, since BackendOpen logged "-"
    time: Date.UTC(2024, 2, 1, 9, 0, 7),
    utcOffsetMin: 60,
  });
  assert.equal(request.evidence.varnishFetchError, "backend boot.api: fail errno 111 (Connection refused)");
  assert.equal(request.evidence.varnishSide, "b");
});

test("varnishncsa: BackendOpen names the backend, Timestamp gives the origin's header time", () => {
  const format = '%t %s %{VSL:BackendOpen[2]}x %{VSL:BackendOpen[3]}x %{VSL:Timestamp:Beresp[3]}x %U%q';
  const request = parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 200 boot.app 10.0.1.10 0.042 /p?q=1", format);
  assert.equal(request.backend, "boot.app");
  assert.equal(request.upstreamAddr, "10.0.1.10");
  assert.equal(request.upstreamHeaderMs, 42);
  assert.equal(request.path, "/p?q=1");
});

test("varnishncsa %{X}t strftime times and %{sec}t / %{msec}t", () => {
  const strftime = parseRequest("varnish", "2024-03-01T10:00:07+0200 200", "%{%Y-%m-%dT%H:%M:%S%z}t %s");
  assert.equal(strftime.time, Date.UTC(2024, 2, 1, 8, 0, 7));
  assert.equal(strftime.utcOffsetMin, 120);
  const spaced = parseRequest("varnish", "[01/Mar/2024 10:00:07] 200", "[%{%d/%b/%Y %H:%M:%S}t] %s");
  assert.equal(spaced.time, Date.UTC(2024, 2, 1, 10, 0, 7));
  assert.equal(parseRequest("varnish", "1709287207 200", "%{sec}t %s").time, 1709287207000);
  assert.equal(parseRequest("varnish", "1709287207123 200", "%{msec}t %s").time, 1709287207123);
});

test("varnishncsa: %T counts when %D is absent, %D wins when both are logged", () => {
  assert.equal(parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 200 3", "%t %s %T").totalMs, 3000);
  assert.equal(parseRequest("varnish", "[01/Mar/2024:10:00:00 +0000] 200 1500 3", "%t %s %D %T").totalMs, 1.5);
});

test("varnishncsa: unknown and malformed specifiers throw a FormatError that names them", () => {
  const format = '%h %l %u %t "%r" %Q';
  assert.throws(() => compileFormat("varnish", format), (error: unknown) => {
    assert.ok(error instanceof FormatError);
    assert.equal(error.specifier, "%Q");
    assert.equal(error.position, format.indexOf("%Q"));
    assert.equal(error.message, `unknown specifier "%Q" at position ${format.indexOf("%Q")} in varnishncsa format`);
    return true;
  });
  for (const [bad, specifier] of [
    ["%t %{Varnish:nope}x", "%{Varnish:nope}x"],
    ["%t %{VSL:Fetch Error}x", "%{VSL:Fetch Error}x"],
    ["%t %{Referer}z", "%{Referer}z"],
  ]) {
    assert.throws(() => compileFormat("varnish", bad), (error: unknown) => error instanceof FormatError && error.specifier === specifier);
  }
  assert.throws(() => compileFormat("varnish", "%t %{VSL:FetchError"), (error: unknown) => error instanceof FormatError && /unterminated/.test(error.message));
  assert.throws(() => compileFormat("varnish", "%t %{%Y-%q}t"), FormatError);
  assert.throws(() => compileFormat("varnish", "%s%b"), (error: unknown) => error instanceof FormatError && error.specifier === "%b");
});

test("varnishncsa: a line of another shape is rejected with a reason naming where", () => {
  const reason = rejection("varnish", '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" abc 12 "-" "-"');
  assert.match(reason, /%s is not a status code: "abc"/);
  assert.match(rejection("varnish", "hello"), /expected " " after %h/);
  assert.match(rejection("varnish", '1.2.3.4 - - [99/Foo/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-"'), /%t is not a time/);
});
