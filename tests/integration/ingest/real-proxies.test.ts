// End to end with real proxies: a local origin fails in every way we attribute (timeout,
// refused, reset, the origin's own 500/503, a failing health check, a rate limit), real
// varnishd / nginx / HAProxy put their own log lines down, and those lines go through the real
// server's ingest API. The summary must count every request once and give every 5xx the cause
// the proxy's evidence names, exactly. Envoy is not packaged: its lines come from a fixture
// written from Envoy's documentation.
//
// A proxy's part is skipped only when its binary is missing. Refresh the fixtures under
// tests/fixtures/proxies/ with UPDATE_PROXY_FIXTURES=1.
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import { startServer, type RunningServer } from "../../helpers/server";
import { Api, nonZero, type Counts, type CreatedSource, type Summary } from "./support/api";
import { readFixture, redateEnvoyLines, saveFixture } from "./support/fixtures";
import { startHaproxy } from "./support/haproxy";
import { NGINX_EVIDENCE_FORMAT, startNginx } from "./support/nginx";
import { startOrigins, type Origins } from "./support/origin";
import { missingBinaries, waitForLines } from "./support/processes";
import { drive, totalRequests, type Scenario } from "./support/traffic";
import { startVarnish, VARNISHNCSA_EVIDENCE_FORMAT } from "./support/varnish";

/** Requests per scenario: small, and sequential, so every count below is exact. */
const N = 3;
const startedAt = Date.now();
/** Each proxy gets its own sources, so one server serves every part of the test. */
const window = () => ({ from: startedAt - 10 * 60_000, to: Date.now() + 5 * 60_000 });

let server: RunningServer | undefined;
let origins: Origins | undefined;
let api: Api;
const cleanups: (() => Promise<void>)[] = [];
const register = (close: () => Promise<void>) => {
  cleanups.push(close);
};

before(async (t) => {
  origins = await startOrigins();
  const started = Date.now();
  server = await startServer();
  if ("diagnostic" in t) t.diagnostic(`start the server (build if needed, fresh database): ${Date.now() - started} ms`);
  api = new Api(server.baseUrl, server.token, server.logs);
});

after(async () => {
  const problems: unknown[] = [];
  for (const close of cleanups.reverse()) await close().catch((error: unknown) => problems.push(error));
  await origins?.close().catch((error: unknown) => problems.push(error));
  await server?.stop().catch((error: unknown) => problems.push(error));
  if (problems.length > 0) throw new Error(`cleanup failed: ${problems.map(String).join("; ")}`);
});

/** Runs one phase of a test and reports how long it took (shown by the spec reporter). */
async function phase<T>(t: TestContext, name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    t.diagnostic(`${name}: ${Date.now() - started} ms`);
  }
}

interface Expected {
  total: number;
  byStatus: Counts;
  byCause: Counts;
}

/** Exact totals, statuses and causes, with the lines in the message when they differ. */
function assertCounts(actual: Pick<Summary, "total" | "byStatus" | "byCause"> | undefined, expected: Expected, what: string, lines: string[]): void {
  const got = actual ? { total: actual.total, byStatus: nonZero(actual.byStatus), byCause: nonZero(actual.byCause) } : undefined;
  assert.deepEqual(got, expected, `${what}\n--- got ${JSON.stringify(got)}\n--- lines ingested:\n${lines.join("\n")}`);
}

async function summaryOf(source: CreatedSource): Promise<Summary> {
  return api.summary({ ...window(), source: source.id });
}

function assertAllAccepted(answer: { accepted: number; rejected: number; errors: unknown[] }, lines: string[], what: string): void {
  assert.deepEqual(
    { accepted: answer.accepted, rejected: answer.rejected },
    { accepted: lines.length, rejected: 0 },
    `${what}: every line must be read (${JSON.stringify(answer.errors)})\n${lines.join("\n")}`,
  );
}

const VARNISH_SCENARIOS: Scenario[] = [
  { path: "/ok", count: N, expect: 200 },
  { path: "/slow", count: N, expect: 503 },
  { path: "/error500", count: N, expect: 500 },
  { path: "/error503", count: N, expect: 503 },
  { path: "/refused/page", count: N, expect: 503 },
  { path: "/reset/page", count: N, expect: 503 },
  { path: "/sick/page", count: N, expect: 503 },
];

test("varnish: varnishncsa -b -c with FetchError names every cause; the default format never guesses", { skip: missingBinaries(["varnishd", "varnishncsa"]) }, async (t) => {
  const varnish = await phase(t, "start varnishd and varnishncsa", () => startVarnish(origins!, register));
  await phase(t, "drive requests", () => drive(varnish.port, VARNISH_SCENARIOS));
  const requests = totalRequests(VARNISH_SCENARIOS);
  // -b -c: one backend record and one client record per request (everything is a pass).
  const [evidence, plain] = await phase(t, "wait for log lines", async () => [
    await waitForLines("varnishncsa -b -c lines", varnish.evidenceLines, 2 * requests, 10_000, varnish.diagnostics),
    await waitForLines("default varnishncsa lines", varnish.defaultLines, requests, 10_000, varnish.diagnostics),
  ]);
  assert.equal(evidence.length, 2 * requests, `one client and one backend line per request:\n${evidence.join("\n")}`);
  assert.equal(plain.length, requests, `one client line per request:\n${plain.join("\n")}`);
  saveFixture("varnish", "varnishncsa-evidence.log", evidence);
  saveFixture("varnish", "varnishncsa-default.log", plain);

  const evidenceSource = await api.createSource("varnish b-c fetcherror", "varnish", VARNISHNCSA_EVIDENCE_FORMAT);
  const defaultSource = await api.createSource("varnish default format", "varnish");
  assertAllAccepted(await api.ingest(evidenceSource, evidence), evidence, "varnish -b -c");
  assertAllAccepted(await api.ingest(defaultSource, plain), plain, "varnish default");

  // Per backend: the backend records name the backend (BackendOpen, or the FetchError text when
  // no connection was opened) and carry the FetchError that says why.
  const summary = await summaryOf(evidenceSource);
  const perBackend: Record<string, Expected> = {
    ok: { total: N, byStatus: { "200": N }, byCause: {} },
    slow: { total: N, byStatus: { "503": N }, byCause: { backend_timeout: N } }, // "first byte timeout"
    err: { total: 2 * N, byStatus: { "500": N, "503": N }, byCause: { backend_error: 2 * N } }, // the origin's own 5xx
    // "backend refused: fail errno 111 (Connection refused)", then "fail errno 0 (Success)" while
    // the connect-error holddown (backend_remote_error_holddown, 0.25 s) makes Varnish skip the connect.
    refused: { total: N, byStatus: { "503": N }, byCause: { connect_refused: N } },
    reset: { total: N, byStatus: { "503": N }, byCause: { backend_reset: N } }, // "HTC eof (-1)"
    sick: { total: N, byStatus: { "503": N }, byCause: { no_healthy_backend: N } }, // "backend sick: unhealthy"
  };
  for (const [backend, expected] of Object.entries(perBackend)) {
    assertCounts(summary.byBackend[backend], expected, `varnish backend ${backend}`, evidence);
  }

  // The whole source: each request once, each 5xx with the cause of its backend record. The
  // client records (handling `pass`) were accepted above but are represented by their backend records.
  await t.test("varnish -b -c: each request is counted once, with no extra unknown 5xx for the client-side record", () => {
    assertCounts(summary, {
      total: requests,
      byStatus: { "200": N, "500": N, "503": 5 * N },
      byCause: { backend_timeout: N, backend_error: 2 * N, connect_refused: N, backend_reset: N, no_healthy_backend: N },
    }, "varnish -b -c source", evidence);
  });

  // The default format has no FetchError and no side: a 5xx is "unknown", never a guess.
  assertCounts(await summaryOf(defaultSource), {
    total: requests,
    byStatus: { "200": N, "500": N, "503": 5 * N },
    byCause: { unknown: 6 * N },
  }, "varnish default-format source", plain);
});

const NGINX_SCENARIOS: Scenario[] = [
  { path: "/ok", count: N, expect: 200 },
  { path: "/slow", count: N, expect: 504 },
  { path: "/error500", count: N, expect: 500 },
  { path: "/error503", count: N, expect: 503 },
  { path: "/refused/page", count: N, expect: 502 },
  { path: "/reset/page", count: N, expect: 502 },
  // limit_req: the first request passes, the others get nginx's own 503.
  { path: "/limited/ok", count: N + 1, expect: [200, ...Array<number>(N).fill(503)] },
];

test("nginx: upstream variables plus the error log name every cause; combined never guesses", { skip: missingBinaries(["nginx"]) }, async (t) => {
  const nginx = await phase(t, "start nginx", () => startNginx(origins!, register));
  await phase(t, "drive requests", () => drive(nginx.port, NGINX_SCENARIOS));
  const requests = totalRequests(NGINX_SCENARIOS);
  const [access, combined, errors] = await phase(t, "wait for log lines", async () => [
    await waitForLines("nginx access lines", nginx.accessLines, requests, 10_000, nginx.diagnostics),
    await waitForLines("nginx combined lines", nginx.combinedLines, requests, 10_000, nginx.diagnostics),
    // One error line per timeout, refused connect, reset, and limited request.
    await waitForLines("nginx error-log lines", nginx.errorLines, 4 * N, 10_000, nginx.diagnostics),
  ]);
  assert.equal(access.length, requests, access.join("\n"));
  assert.equal(combined.length, requests, combined.join("\n"));
  assert.equal(errors.length, 4 * N, `one error-log line per failed attempt and per limited request:\n${errors.join("\n")}`);
  saveFixture("nginx", "access-upstreams.log", access);
  saveFixture("nginx", "access-combined.log", combined);
  saveFixture("nginx", "error.log", errors);

  const byStatus = { "200": N + 1, "504": N, "500": N, "503": 2 * N, "502": 2 * N };
  const withErrorLog: Expected = {
    total: requests,
    byStatus,
    byCause: { backend_timeout: N, backend_error: 2 * N, connect_refused: N, backend_reset: N, proxy_overload: N },
  };
  const perBackend: Record<string, Expected> = {
    app: { total: N + 1, byStatus: { "200": N + 1 }, byCause: {} },
    slowapp: { total: N, byStatus: { "504": N }, byCause: { backend_timeout: N } }, // 504, header time "-"
    errapp: { total: 2 * N, byStatus: { "500": N, "503": N }, byCause: { backend_error: 2 * N } }, // the origin's own 5xx
    gone: { total: N, byStatus: { "502": N }, byCause: { connect_refused: N } }, // 502, connect time "-"
    flaky: { total: N, byStatus: { "502": N }, byCause: { backend_reset: N } }, // recv() failed (104: ...)
    // limit_req answers before any upstream is chosen: no backend, $upstream_status "-".
    "": { total: N, byStatus: { "503": N }, byCause: { proxy_overload: N } },
  };

  // A shipper sending both files in one batch: the error-log lines explain the access lines before them.
  const together = await api.createSource("nginx upstream vars with error log", "nginx", NGINX_EVIDENCE_FORMAT);
  const stream = [...access, ...errors];
  assertAllAccepted(await api.ingest(together, stream), stream, "nginx access + error log in one batch");
  const summary = await summaryOf(together);
  assertCounts(summary, withErrorLog, "nginx access + error log in one batch", stream);
  for (const [backend, expected] of Object.entries(perBackend)) {
    assertCounts(summary.byBackend[backend], expected, `nginx backend "${backend}"`, stream);
  }

  // The access log alone, gzip-encoded as a shipper batches it: a reset 502 connected and got
  // no header, so without the error log its cause is unknown (never guessed).
  const source = await api.createSource("nginx upstream vars", "nginx", NGINX_EVIDENCE_FORMAT);
  assertAllAccepted(await api.ingest(source, access, { gzip: true }), access, "nginx access (gzip)");
  assertCounts(await summaryOf(source), {
    total: requests,
    byStatus,
    byCause: { backend_timeout: N, backend_error: 2 * N, connect_refused: N, proxy_overload: N, unknown: N },
  }, "nginx access log alone", access);

  // Then the error log in a later batch: its lines are evidence, never requests, and move the
  // reset 502s counted earlier to their cause.
  await t.test("nginx: an error-log batch after its access batch moves the reset 502s to backend_reset", async () => {
    assertAllAccepted(await api.ingest(source, errors), errors, "nginx error log, later batch");
    assertCounts(await summaryOf(source), withErrorLog, "nginx access, then error log", [...access, ...errors]);
  });

  const combinedSource = await api.createSource("nginx combined", "nginx", "combined");
  assertAllAccepted(await api.ingest(combinedSource, combined), combined, "nginx combined");
  assertCounts(await summaryOf(combinedSource), { total: requests, byStatus, byCause: { unknown: 6 * N } }, "nginx combined source", combined);
});

const HAPROXY_SCENARIOS: Scenario[] = [
  { path: "/ok", count: N, expect: 200 },
  { path: "/slow", count: N, expect: 504 },
  { path: "/error500", count: N, expect: 500 },
  { path: "/error503", count: N, expect: 503 },
  { path: "/refused/page", count: N, expect: 503 },
  { path: "/reset/page", count: N, expect: 502 },
  { path: "/down/page", count: N, expect: 503 },
];

/** An `option httplog` line (raw, no syslog header): `client:port [accept date] ...`. */
const HTTPLOG_LINE = /^\d{1,3}(\.\d{1,3}){3}:\d+ \[/;

test("haproxy: httplog termination states name every cause; a retried batch counts once", { skip: missingBinaries(["haproxy"]) }, async (t) => {
  const haproxy = await phase(t, "start haproxy (until sick1 is DOWN)", () => startHaproxy(origins!, register));
  await phase(t, "drive requests", () => drive(haproxy.port, HAPROXY_SCENARIOS));
  const requests = totalRequests(HAPROXY_SCENARIOS);
  const accessOf = (lines: string[]) => lines.filter((line) => HTTPLOG_LINE.test(line));
  await phase(t, "wait for log lines", () => waitForLines("HAProxy httplog lines", () => accessOf(haproxy.lines()), requests, 10_000, haproxy.diagnostics));
  // Shipped as written: the access lines and HAProxy's own server-state messages around them.
  const lines = haproxy.lines();
  const stateMessages = lines.filter((line) => !HTTPLOG_LINE.test(line));
  assert.equal(accessOf(lines).length, requests, lines.join("\n"));
  assert.ok(stateMessages.some((line) => line.includes("Server down/sick1 is DOWN")), lines.join("\n"));
  saveFixture("haproxy", "httplog-stdout.log", lines);

  const source = await api.createSource("haproxy httplog", "haproxy", "option httplog");
  const first = await api.ingest(source, lines, { idempotencyKey: `haproxy-${startedAt}` });
  // The server-state messages are understood (accepted, so they stay out of the parse errors),
  // and the summary below shows they are not counted as requests.
  assert.deepEqual(
    { accepted: first.accepted, rejected: first.rejected },
    { accepted: requests + stateMessages.length, rejected: 0 },
    `every line is read: the access lines and HAProxy's own messages (${JSON.stringify(first.errors)})`,
  );
  // The shipper retries the same batch (say its connection dropped before the answer).
  const again = await api.ingest(source, lines, { idempotencyKey: `haproxy-${startedAt}` });
  assert.equal(again.duplicate, true, JSON.stringify(again));
  assert.equal(again.accepted, first.accepted);

  const summary = await summaryOf(source);
  assertCounts(summary, {
    total: requests,
    byStatus: { "200": N, "504": N, "500": N, "503": 3 * N, "502": N },
    byCause: { backend_timeout: N, backend_error: 2 * N, connect_refused: N, backend_reset: N, no_healthy_backend: N },
  }, "haproxy source (batch sent twice)", lines);
  const perBackend: Record<string, Expected> = {
    ok: { total: N, byStatus: { "200": N }, byCause: {} },
    slow: { total: N, byStatus: { "504": N }, byCause: { backend_timeout: N } }, // sH--
    err: { total: 2 * N, byStatus: { "500": N, "503": N }, byCause: { backend_error: 2 * N } }, // ----
    refused: { total: N, byStatus: { "503": N }, byCause: { connect_refused: N } }, // SC-- with a server
    reset: { total: N, byStatus: { "502": N }, byCause: { backend_reset: N } }, // SH--
    down: { total: N, byStatus: { "503": N }, byCause: { no_healthy_backend: N } }, // <NOSRV> SC--
  };
  for (const [backend, expected] of Object.entries(perBackend)) {
    assertCounts(summary.byBackend[backend], expected, `haproxy backend ${backend}`, lines);
  }
});

test("envoy: default-format lines (from Envoy's documentation) name every cause by response flag", async () => {
  // Re-dated to a minute ago so the lines land in the queried window; the gaps are kept.
  const lines = redateEnvoyLines(readFixture("envoy", "default-format.log"), Date.now() - 60_000);
  const source = await api.createSource("envoy default format", "envoy");
  assertAllAccepted(await api.ingest(source, lines), lines, "envoy");
  assertCounts(await summaryOf(source), {
    total: 11,
    // 204 and 200 pass; NR is Envoy's own 404 (no route), not a 5xx.
    byStatus: { "204": 1, "200": 1, "404": 1, "503": 7, "504": 1 },
    byCause: {
      connect_refused: 2, // UF, and UF,URX (the connect failure is the cause, not the retries)
      no_healthy_backend: 1, // UH
      backend_timeout: 1, // UT
      backend_reset: 1, // UC
      proxy_overload: 2, // URX alone, UO
      backend_error: 1, // no flag, X-Envoy-Upstream-Service-Time set: the origin's own 503
    },
  }, "envoy source", lines);
});
