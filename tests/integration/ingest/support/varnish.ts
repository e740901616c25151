// A real varnishd in the foreground (-F) in a temp working dir (-n), one backend per failure
// mode chosen by URL prefix, and two varnishncsa writers on its shared-memory log:
// - `evidence.log`: `-b -c` with side, handling, backend name and FetchError (what an operator
//   who wants the "why" configures, see DOMAIN.md);
// - `default.log`: plain `varnishncsa` (client side, default format: no evidence at all).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../../helpers/server";
import type { Origins } from "./origin";
import { PROXY_TIMEOUT_S } from "./origin";
import { assertRunning, findBinary, readLines, startChild, waitFor, waitForListening, type Child } from "./processes";
import { get } from "./traffic";

export const VARNISHNCSA_EVIDENCE_FORMAT =
  '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %D %{Varnish:side}x %{Varnish:handling}x %{VSL:BackendOpen[2]}x "%{VSL:FetchError}x"';

/** Requests that prove both varnishncsa writers are attached; they are left out of what is ingested. */
export const WARMUP_PREFIX = "/warmup/";

export interface RunningVarnish {
  port: number;
  /** The `-b -c` evidence log, warm-up requests left out. */
  evidenceLines(): string[];
  /** The default-format log, warm-up requests left out. */
  defaultLines(): string[];
  diagnostics(): string;
  close(): Promise<void>;
}

function vcl(origins: Origins): string {
  const timeouts = `.connect_timeout = ${PROXY_TIMEOUT_S}s; .first_byte_timeout = ${PROXY_TIMEOUT_S}s; .between_bytes_timeout = ${PROXY_TIMEOUT_S}s;`;
  const backend = (name: string, port: number, extra = "") => `backend ${name} { .host = "127.0.0.1"; .port = "${port}"; ${timeouts}${extra} }`;
  return `vcl 4.1;

# Always fails: /probe-fail answers 500. .initial = 0 starts the backend sick.
probe failing {
  .url = "/probe-fail";
  .interval = 200ms;
  .timeout = 500ms;
  .window = 3;
  .threshold = 2;
  .initial = 0;
}

${backend("ok", origins.httpPort)}
${backend("slow", origins.httpPort)}
${backend("err", origins.httpPort)}
${backend("refused", origins.refusedPort)}
${backend("reset", origins.resetPort)}
${backend("sick", origins.httpPort, " .probe = failing;")}

sub vcl_recv {
  if (req.url ~ "^/slow") { set req.backend_hint = slow; }
  elsif (req.url ~ "^/error") { set req.backend_hint = err; }
  elsif (req.url ~ "^/refused") { set req.backend_hint = refused; }
  elsif (req.url ~ "^/reset") { set req.backend_hint = reset; }
  elsif (req.url ~ "^/sick") { set req.backend_hint = sick; }
  else { set req.backend_hint = ok; }
  # Every request goes to its backend: one client and one backend record each, no cache hits.
  return (pass);
}
`;
}

export async function startVarnish(origins: Origins, register: (close: () => Promise<void>) => void): Promise<RunningVarnish> {
  const varnishd = findBinary("varnishd")!;
  const varnishncsa = findBinary("varnishncsa")!;
  const dir = mkdtempSync(join(tmpdir(), "originwatch-varnish-"));
  const children: Child[] = [];
  const close = async () => {
    for (const child of children.reverse()) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  register(close);

  const port = await freePort();
  const workdir = join(dir, "work");
  writeFileSync(join(dir, "test.vcl"), vcl(origins));
  const daemon = startChild("varnishd", varnishd, [
    "-F",
    "-n", workdir,
    // -j none: no privilege separation, so the worker can read the temp dir even when we are root.
    "-j", "none",
    "-a", `127.0.0.1:${port}`,
    "-T", "none",
    "-f", join(dir, "test.vcl"),
    "-s", "malloc,32m",
    "-p", "thread_pools=1",
    "-p", "thread_pool_min=5",
    "-p", "thread_pool_max=50",
    "-p", "vsl_space=8m",
  ], { cwd: dir });
  children.push(daemon);
  await waitForListening(daemon, port, 30_000);

  const evidencePath = join(dir, "evidence.log");
  const defaultPath = join(dir, "default.log");
  children.push(startChild("varnishncsa -b -c", varnishncsa, ["-n", workdir, "-b", "-c", "-F", VARNISHNCSA_EVIDENCE_FORMAT, "-w", evidencePath], { cwd: dir }));
  children.push(startChild("varnishncsa", varnishncsa, ["-n", workdir, "-w", defaultPath], { cwd: dir }));

  const diagnostics = () => children.map((child) => `--- ${child.name}\n${child.output()}`).join("\n");
  // varnishncsa starts at the tail of the log once attached: send warm-ups until both show one
  // (a warm-up makes a client and a backend record, so -b -c writes two lines).
  let warmups = 0;
  await waitFor("both varnishncsa writers to log a warm-up request", 15_000, async () => {
    for (const child of children) assertRunning(child);
    await get(port, `${WARMUP_PREFIX}${++warmups}/ok`);
    const evidence = readLines(evidencePath).filter((line) => line.includes(WARMUP_PREFIX));
    const plain = readLines(defaultPath).filter((line) => line.includes(WARMUP_PREFIX));
    return evidence.length >= 2 && plain.length >= 1 ? true : undefined;
  }, diagnostics);

  const withoutWarmups = (lines: string[]) => lines.filter((line) => !line.includes(WARMUP_PREFIX));
  return {
    port,
    evidenceLines: () => withoutWarmups(readLines(evidencePath)),
    defaultLines: () => withoutWarmups(readLines(defaultPath)),
    diagnostics,
    close,
  };
}
