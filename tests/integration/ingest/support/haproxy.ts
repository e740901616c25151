// A real HAProxy in the foreground (-db) logging `option httplog` lines to stdout (`log stdout
// format raw`), one backend per failure mode chosen by path, and a backend whose only server
// fails its health check so HAProxy has no server to pick (<NOSRV>).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../../helpers/server";
import type { Origins } from "./origin";
import { PROXY_TIMEOUT_S } from "./origin";
import { findBinary, startChild, waitFor, assertRunning } from "./processes";

export interface RunningHaproxy {
  port: number;
  /** Every line HAProxy logged to stdout (access lines and its server-state messages). */
  lines(): string[];
  diagnostics(): string;
  close(): Promise<void>;
}

function config(port: number, origins: Origins): string {
  return `global
  log stdout format raw local0
  maxconn 100
  # One thread: HAProxy writes stdout logs without blocking and drops a line when it cannot
  # write at once (haproxy/haproxy#1861, "works as designed"); with two threads one of 21 lines
  # went missing in CI. The test counts lines exactly, so the proxy must not drop any.
  nbthread 1

defaults
  mode http
  log global
  option httplog
  option dontlognull
  timeout connect ${PROXY_TIMEOUT_S}s
  timeout server ${PROXY_TIMEOUT_S}s
  timeout client 10s
  # One connection attempt, never another server: each scenario ends exactly one way.
  retries 0
  no option redispatch

frontend web
  bind 127.0.0.1:${port}
  use_backend slow if { path_beg /slow }
  use_backend err if { path_beg /error }
  use_backend refused if { path_beg /refused }
  use_backend reset if { path_beg /reset }
  use_backend down if { path_beg /down }
  default_backend ok

backend ok
  server app1 127.0.0.1:${origins.httpPort}

backend slow
  server app1 127.0.0.1:${origins.httpPort}

backend err
  server app1 127.0.0.1:${origins.httpPort}

backend refused
  server gone1 127.0.0.1:${origins.refusedPort}

backend reset
  server flaky1 127.0.0.1:${origins.resetPort}

backend down
  option httpchk GET /probe-fail
  server sick1 127.0.0.1:${origins.httpPort} check inter 200ms fall 1 rise 1
`;
}

export async function startHaproxy(origins: Origins, register: (close: () => Promise<void>) => void): Promise<RunningHaproxy> {
  const haproxy = findBinary("haproxy")!;
  const dir = mkdtempSync(join(tmpdir(), "originwatch-haproxy-"));
  let stop = async () => undefined as void;
  const close = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  register(close);

  const port = await freePort();
  writeFileSync(join(dir, "haproxy.cfg"), config(port, origins));
  // TZ=UTC: the accept date HAProxy logs is local time without a zone, which the product reads as UTC.
  const child = startChild("haproxy", haproxy, ["-f", join(dir, "haproxy.cfg"), "-db"], { cwd: dir, env: { TZ: "UTC" } });
  stop = child.stop;
  // The check marks sick1 DOWN after one failure (fall 1); HAProxy says so on stderr. By then
  // the frontend is bound too (HAProxy binds before it starts checking).
  await waitFor("HAProxy to mark down/sick1 DOWN", 15_000, () => {
    assertRunning(child);
    return /Server down\/sick1 is DOWN/.test(child.stderr()) ? true : undefined;
  }, child.output);
  return {
    port,
    lines: () => child.stdout().split("\n").filter((line) => line.length > 0),
    diagnostics: () => `--- haproxy\n${child.output()}`,
    close,
  };
}
