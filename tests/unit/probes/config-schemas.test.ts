import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusPageConfig } from "@/lib/probes/config-fields";
import { HttpProbeConfig } from "@/lib/probes/kinds/http";
import { TcpProbeConfig } from "@/lib/probes/kinds/tcp";
import { compileBodyMatcher, describeExpectedStatus, statusIsExpected } from "@/lib/probes/kinds/http-expectations";

function firstIssue(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown) {
  const parsed = schema.safeParse(input);
  assert.equal(parsed.success, false, `expected ${JSON.stringify(input)} to be rejected`);
  const issue = parsed.error?.issues[0];
  return `${issue?.path.join(".")}: ${issue?.message}`;
}

test("HttpProbeConfig fills safe defaults: GET, expect 200, verify TLS, no redirects, 64 KiB body", () => {
  assert.deepEqual(HttpProbeConfig.parse({ url: "https://origin.example/health" }), {
    url: "https://origin.example/health",
    method: "GET",
    headers: {},
    expectedStatus: [200],
    tlsVerify: true,
    followRedirects: false,
    maxRedirects: 5,
    maxBodyBytes: 65536,
  });
});

test("HttpProbeConfig output parses again to the same value", () => {
  const once = HttpProbeConfig.parse({
    url: "http://10.0.0.5:8080/ping",
    expectedStatus: ["200-299", 301],
    bodyMatch: { type: "regex", pattern: "ok|ready", flags: "i" },
    headers: { Host: "shop.example", Authorization: "Bearer x" },
  });
  assert.deepEqual(HttpProbeConfig.parse(once), once);
});

test("HttpProbeConfig rejects URLs a probe cannot use", () => {
  assert.equal(firstIssue(HttpProbeConfig, { url: "not a url" }), 'url: "not a url" is not a valid URL');
  assert.equal(firstIssue(HttpProbeConfig, { url: "ftp://origin.example/" }), "url: URL scheme must be http or https, not ftp");
  assert.match(firstIssue(HttpProbeConfig, {}), /^url: /);
});

test("expected statuses accept codes and ranges and reject nonsense", () => {
  assert.ok(HttpProbeConfig.safeParse({ url: "http://a/", expectedStatus: [200, "300-399", "404"] }).success);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", expectedStatus: ["2xx"] }), /expectedStatus.0: write a status as "200"/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", expectedStatus: ["299-200"] }), /lower bound first/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", expectedStatus: [600] }), /100-599/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", expectedStatus: [] }), /at least one status/);
});

test("headers must be valid HTTP (no header injection through CR/LF)", () => {
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", headers: { "X-Bad": "a\r\nInjected: 1" } }), /line breaks/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", headers: { "Bad Name": "x" } }), /header name/);
});

test("body regex must compile and may not use stateful flags", () => {
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", bodyMatch: { type: "regex", pattern: "(" } }), /not a valid regular expression/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", bodyMatch: { type: "regex", pattern: "a", flags: "g" } }), /flags/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", bodyMatch: { type: "regex", pattern: "a", flags: "ii" } }), /flags/);
  assert.match(firstIssue(HttpProbeConfig, { url: "http://a/", bodyMatch: { type: "substring", value: "" } }), /cannot be empty/);
});

test("TcpProbeConfig validates host and port", () => {
  assert.deepEqual(TcpProbeConfig.parse({ host: " db.internal ", port: 5432 }), { host: "db.internal", port: 5432 });
  assert.ok(TcpProbeConfig.safeParse({ host: "::1", port: 80 }).success);
  assert.ok(TcpProbeConfig.safeParse({ host: "[2001:db8::1]", port: 80 }).success);
  assert.match(firstIssue(TcpProbeConfig, { host: "a b", port: 80 }), /hostname or an IP/);
  assert.match(firstIssue(TcpProbeConfig, { host: "a", port: 70000 }), /port must be 1-65535/);
  assert.match(firstIssue(TcpProbeConfig, { host: "a", port: 80.5 }), /whole number/);
});

test("StatusPageConfig needs only a URL", () => {
  assert.deepEqual(StatusPageConfig.parse({ url: "http://127.0.0.1/status?json" }), {
    url: "http://127.0.0.1/status?json",
    headers: {},
    tlsVerify: true,
  });
});

test("statusIsExpected matches single codes and inclusive ranges", () => {
  const expected = ["200-299", 301];
  assert.ok(statusIsExpected(200, expected));
  assert.ok(statusIsExpected(299, expected));
  assert.ok(statusIsExpected(301, expected));
  assert.ok(!statusIsExpected(302, expected));
  assert.ok(!statusIsExpected(500, [200]));
  assert.equal(describeExpectedStatus([200]), "status 200");
  assert.equal(describeExpectedStatus(expected), "status in 200-299, 301");
});

test("compileBodyMatcher reports what did not match and on how much of the body", () => {
  const substring = compileBodyMatcher({ type: "substring", value: "OK" });
  assert.ok(substring.ok);
  assert.equal(substring.matcher.mismatch("status: OK", false), undefined);
  assert.equal(substring.matcher.mismatch("status: DOWN", true), 'Body does not contain "OK" in the first 12 bytes');

  const regex = compileBodyMatcher({ type: "regex", pattern: "^status: (ok|up)$", flags: "im" });
  assert.ok(regex.ok);
  assert.equal(regex.matcher.mismatch("x\nSTATUS: UP\ny", false), undefined);
  // Compiled once: repeated use gives the same answer (no lastIndex state).
  assert.equal(regex.matcher.mismatch("x\nSTATUS: UP\ny", false), undefined);
  assert.equal(regex.matcher.mismatch("status: down", false), "Body does not match /^status: (ok|up)$/im");

  const broken = compileBodyMatcher({ type: "regex", pattern: "(", flags: "" });
  assert.equal(broken.ok, false);
});
