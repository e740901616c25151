// The http probe against real local origins that misbehave in each way a proxy sees in production.
// Classification choice: an origin answering 500 when 200 is expected is `unexpected_status` with
// status 500 (the probe's own finding); `backend_error` stays for a 5xx passed on by a proxy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HttpProbeConfig, httpProbe } from "@/lib/probes/kinds/http";
import { runProbe } from "@/lib/probes/kinds/registry";
import {
  RESULT_SLACK_MS,
  assertFailure,
  closedPort,
  probeContext,
  startHttpOrigin,
  startTcpOrigin,
  timed,
} from "./support/servers";

const TIMEOUT_MS = 600;
const bounded = { timeout: 10_000 };

function probe(config: Record<string, unknown>, timeoutMs = TIMEOUT_MS) {
  return timed(() => runProbe("http", config, probeContext(timeoutMs)));
}

test("an origin answering 200 passes, with phases measured", bounded, async (t) => {
  const origin = await startHttpOrigin((_req, res) => res.end("ok"));
  t.after(() => origin.close());
  const { result } = await probe({ url: origin.url("/health") });
  assert.equal(result.ok, true, result.message);
  assert.equal(result.status, 200);
  assert.equal(result.errorClass, undefined);
  assert.equal(result.phases?.dnsMs, undefined, "an IP literal needs no DNS");
  assert.equal(typeof result.phases?.connectMs, "number");
  assert.equal(typeof result.phases?.firstByteMs, "number");
  assert.ok((result.phases?.totalMs ?? -1) >= 0);
  assert.equal(result.phases?.tlsMs, undefined);
});

test("a hostname is resolved and the DNS phase is timed", bounded, async (t) => {
  const origin = await startHttpOrigin((_req, res) => res.end("ok"));
  t.after(() => origin.close());
  const { result } = await probe({ url: `http://localhost:${origin.port}/` });
  assert.equal(result.ok, true, result.message);
  assert.equal(typeof result.phases?.dnsMs, "number");
});

test("an origin answering 500 is unexpected_status with status 500", bounded, async (t) => {
  const origin = await startHttpOrigin((_req, res) => {
    res.statusCode = 500;
    res.end("Internal Server Error");
  });
  t.after(() => origin.close());
  const { result } = await probe({ url: origin.url() });
  assertFailure(result, "unexpected_status", /^Expected status 200, got 500$/);
  assert.equal(result.status, 500);
});

test("status ranges and body matching", bounded, async (t) => {
  const origin = await startHttpOrigin((req, res) => {
    res.statusCode = req.url === "/created" ? 201 : 200;
    res.end(req.url === "/down" ? "status: DOWN" : "status: UP");
  });
  t.after(() => origin.close());
  assert.equal((await probe({ url: origin.url("/created"), expectedStatus: ["200-299"] })).result.ok, true);
  const substring = await probe({ url: origin.url("/"), bodyMatch: { type: "substring", value: "UP" } });
  assert.equal(substring.result.ok, true);
  const regex = await probe({ url: origin.url("/down"), bodyMatch: { type: "regex", pattern: "status: (up|ok)", flags: "i" } });
  assertFailure(regex.result, "body_mismatch", /Body does not match/);
  assert.equal(regex.result.status, 200);
});

test("HEAD requests work (no body to read)", bounded, async (t) => {
  const origin = await startHttpOrigin((req, res) => {
    res.setHeader("content-length", "12");
    res.end(req.method === "HEAD" ? undefined : "hello world!");
  });
  t.after(() => origin.close());
  const { result } = await probe({ url: origin.url(), method: "HEAD" });
  assert.equal(result.ok, true, result.message);
});

test("an origin slower than the timeout is backend_timeout, on time", bounded, async (t) => {
  const origin = await startHttpOrigin(() => undefined); // accepts, never answers
  t.after(() => origin.close());
  const { result, wallMs } = await probe({ url: origin.url() });
  assertFailure(result, "backend_timeout", /No response headers .* within 600 ms/);
  assert.ok(wallMs < TIMEOUT_MS + RESULT_SLACK_MS, `took ${wallMs} ms`);
  assert.equal(typeof result.phases?.connectMs, "number");
});

test("a closed port is connect_refused", bounded, async () => {
  const port = await closedPort();
  const { result } = await probe({ url: `http://127.0.0.1:${port}/` });
  assertFailure(result, "connect_refused", /Connection refused by 127\.0\.0\.1:\d+/);
});

test("a connection reset in the middle of the response is backend_reset", bounded, async (t) => {
  const origin = await startHttpOrigin((_req, res) => {
    res.writeHead(200, { "content-length": "100000" });
    res.write("x".repeat(1000), () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
  });
  t.after(() => origin.close());
  const { result } = await probe({ url: origin.url() });
  assertFailure(result, "backend_reset", /closed the connection/);
  assert.equal(result.status, 200, "the headers had arrived");
  assert.equal(typeof result.phases?.firstByteMs, "number");
});

test("a connection closed before any response is backend_reset", bounded, async (t) => {
  const origin = await startTcpOrigin((socket) => socket.once("data", () => socket.destroy()));
  t.after(() => origin.close());
  const { result } = await probe({ url: origin.url() });
  assertFailure(result, "backend_reset", /before sending response headers/);
});

test("junk instead of HTTP, or oversized headers, is bad_response", bounded, async (t) => {
  const junk = await startTcpOrigin((socket) => socket.end("SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n"));
  t.after(() => junk.close());
  assertFailure((await probe({ url: junk.url() })).result, "bad_response", /not valid HTTP/);

  const bloated = await startTcpOrigin((socket) =>
    socket.once("data", () => socket.write(`HTTP/1.1 200 OK\r\nX-Filler: ${"a".repeat(100_000)}\r\n\r\n`)),
  );
  t.after(() => bloated.close());
  assertFailure((await probe({ url: bloated.url() })).result, "bad_response", /HPE_HEADER_OVERFLOW/);
});

test("an endless body is read up to the bound and the probe completes", bounded, async (t) => {
  let serverSawClose = false;
  const origin = await startHttpOrigin((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    const chunk = "y".repeat(16 * 1024);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once("drain", pump);
    };
    res.on("close", () => (serverSawClose = true));
    pump();
  });
  t.after(() => origin.close());
  const { result, wallMs } = await probe({ url: origin.url(), bodyMatch: { type: "substring", value: "never there" } }, 5_000);
  assertFailure(result, "body_mismatch", /in the first 65536 bytes/);
  assert.ok(wallMs < 2_000, `took ${wallMs} ms`);
  const plain = await probe({ url: origin.url() }, 5_000);
  assert.equal(plain.result.ok, true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(serverSawClose, "the probe hung up instead of draining forever");
});

test("a slow-drip body past the timeout is backend_timeout", bounded, async (t) => {
  const origin = await startHttpOrigin((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    const drip = setInterval(() => res.write("."), 50);
    res.on("close", () => clearInterval(drip));
  });
  t.after(() => origin.close());
  const { result, wallMs } = await probe({ url: origin.url() });
  assertFailure(result, "backend_timeout", /Response body .* did not finish within 600 ms/);
  assert.ok(wallMs < TIMEOUT_MS + RESULT_SLACK_MS, `took ${wallMs} ms`);
  assert.equal(result.status, 200, "headers arrived, the body stalled");
});

test("redirects are not followed by default", bounded, async (t) => {
  const origin = await startHttpOrigin((_req, res) => {
    res.writeHead(301, { location: "/elsewhere" });
    res.end();
  });
  t.after(() => origin.close());
  const { result } = await probe({ url: origin.url() });
  assertFailure(result, "unexpected_status", /got 301/);
  assert.equal(result.status, 301);
});

test("followed redirects: a chain that ends in 200 passes, a loop is bad_response", bounded, async (t) => {
  const origin = await startHttpOrigin((req, res) => {
    const routes: Record<string, string> = { "/old": "/new", "/a": "/b", "/b": "/a" };
    const target = routes[req.url ?? ""];
    if (target) res.writeHead(302, { location: target }).end();
    else if (req.url?.startsWith("/hop/")) res.writeHead(307, { location: `/hop/${Number(req.url.slice(5)) + 1}` }).end();
    else res.end("landed");
  });
  t.after(() => origin.close());

  const chain = await probe({ url: origin.url("/old"), followRedirects: true });
  assert.equal(chain.result.ok, true, chain.result.message);
  assert.equal(chain.result.signals?.redirects, 1);
  assert.equal(chain.result.signals?.final_url, origin.url("/new"));

  const loop = await probe({ url: origin.url("/a"), followRedirects: true });
  assertFailure(loop.result, "bad_response", /^Redirect loop: .*\/a -> .*\/b -> .*\/a$/);
  assert.equal(loop.result.status, 302);

  const endless = await probe({ url: origin.url("/hop/0"), followRedirects: true, maxRedirects: 3 });
  assertFailure(endless.result, "bad_response", /^More than 3 redirects$/);
});

test("an unresolvable host is dns_error", bounded, async () => {
  const { result, wallMs } = await probe({ url: "http://nonexistent.invalid/" }, 3_000);
  assertFailure(result, "dns_error", /nonexistent\.invalid/);
  assert.ok(wallMs < 3_000 + RESULT_SLACK_MS);
});

test("an invalid URL is invalid_config, through the registry and through check itself", bounded, async () => {
  const viaRegistry = await probe({ url: "http//missing-colon" });
  assertFailure(viaRegistry.result, "invalid_config", /not a valid URL/);
  // check() is also safe when handed an unvalidated config.
  const config = { ...HttpProbeConfig.parse({ url: "http://placeholder/" }), url: "::not a url::" };
  const direct = await httpProbe.check(config, probeContext(TIMEOUT_MS));
  assertFailure(direct, "invalid_config", /not a valid URL/);
  const headerInjection = await httpProbe.check(
    { ...config, url: "http://127.0.0.1:1/", headers: { "x-bad": "a\r\nb" } },
    probeContext(TIMEOUT_MS),
  );
  assertFailure(headerInjection, "invalid_config", /Cannot build the request/);
});

test("cancelling through the caller's signal ends the check at once, classified", bounded, async (t) => {
  const origin = await startHttpOrigin(() => undefined);
  t.after(() => origin.close());
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  const result = await runProbe("http", { url: origin.url() }, probeContext(5_000, { signal: controller.signal }));
  assertFailure(result, "backend_timeout", /before the probe was cancelled/);
  assert.ok(Date.now() - started < 1_000);
});
