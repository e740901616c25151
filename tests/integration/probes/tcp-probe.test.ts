import { test } from "node:test";
import assert from "node:assert/strict";
import { tcpProbe } from "@/lib/probes/kinds/tcp";
import { runProbe } from "@/lib/probes/kinds/registry";
import { assertFailure, closedPort, probeContext, startTcpOrigin } from "./support/servers";

const bounded = { timeout: 10_000 };

test("an open port passes and reports connect time", bounded, async (t) => {
  const origin = await startTcpOrigin((socket) => socket.end());
  t.after(() => origin.close());
  const result = await runProbe("tcp", { host: "127.0.0.1", port: origin.port }, probeContext(1_000));
  assert.equal(result.ok, true, result.message);
  assert.equal(typeof result.phases?.connectMs, "number");
  assert.equal(result.phases?.dnsMs, undefined);
});

test("a hostname adds a DNS phase", bounded, async (t) => {
  const origin = await startTcpOrigin((socket) => socket.end());
  t.after(() => origin.close());
  const result = await runProbe("tcp", { host: "localhost", port: origin.port }, probeContext(1_000));
  assert.equal(result.ok, true, result.message);
  assert.equal(typeof result.phases?.dnsMs, "number");
});

test("a closed port is connect_refused", bounded, async () => {
  const port = await closedPort();
  const result = await runProbe("tcp", { host: "127.0.0.1", port }, probeContext(1_000));
  assertFailure(result, "connect_refused", new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port}`));
});

test("an unresolvable host is dns_error", bounded, async () => {
  const result = await runProbe("tcp", { host: "nonexistent.invalid", port: 80 }, probeContext(3_000));
  assertFailure(result, "dns_error");
});

test("bad host or port handed straight to check is invalid_config", bounded, async () => {
  assertFailure(await tcpProbe.check({ host: "127.0.0.1", port: 0 }, probeContext(1_000)), "invalid_config");
  assertFailure(await tcpProbe.check({ host: "", port: 80 }, probeContext(1_000)), "invalid_config");
});
