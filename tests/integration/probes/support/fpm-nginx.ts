// Starts a real PHP-FPM pool behind a real nginx in a temp prefix, both in the foreground on
// 127.0.0.1 high ports, for the capacity-probe integration test. close() stops both and cleans up.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closedPort } from "./servers";

export const NGINX_BINARY = "/usr/sbin/nginx";
const STARTUP_LIMIT_MS = 10_000;

/** Newest /usr/sbin/php-fpm* binary, if any. */
export function findPhpFpmBinary(): string | undefined {
  if (!existsSync("/usr/sbin")) return undefined;
  const names = readdirSync("/usr/sbin").filter((name) => /^php-fpm[\d.]*$/.test(name));
  return names.sort().reverse().map((name) => join("/usr/sbin", name))[0];
}

export interface FpmBehindNginx {
  nginxPort: number;
  url(path: string): string;
  /** Resolves once the ondemand pool has reaped all its children (idle timeout 1 s). */
  waitForEmptyPool(): Promise<void>;
  close(): Promise<void>;
}

export async function startFpmBehindNginx(phpFpmBinary: string): Promise<FpmBehindNginx> {
  const dir = mkdtempSync(join(tmpdir(), "originwatch-fpm-"));
  mkdirSync(join(dir, "www"));
  // Holds a worker long enough for concurrent requests to exhaust the pool.
  writeFileSync(join(dir, "www", "slow.php"), "<?php usleep(400000); echo 'done';\n");
  const fpmPort = await closedPort();
  const nginxPort = await closedPort();
  writeFileSync(join(dir, "php-fpm.conf"), phpFpmConfig(dir, fpmPort));
  writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, nginxPort, fpmPort));

  const children: ChildProcess[] = [];
  const output: string[] = [];
  const start = (binary: string, args: string[]) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", (err) => output.push(`${binary}: ${err.message}`));
    children.push(child);
    return child;
  };
  // -R: php-fpm refuses to run pools as root without it; the sandbox runs tests as root.
  const asRoot = process.getuid?.() === 0 ? ["-R"] : [];
  const phpFpmMaster = start(phpFpmBinary, ["-n", "-F", "-y", join(dir, "php-fpm.conf"), "-p", dir, ...asRoot]);
  start(NGINX_BINARY, ["-p", `${dir}/`, "-c", join(dir, "nginx.conf"), "-e", join(dir, "nginx-error.log")]);

  const close = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  const url = (path: string) => `http://127.0.0.1:${nginxPort}${path}`;
  try {
    await waitUntilServing(url("/nginx_status"));
    await waitUntilServing(url("/fpm-status?json"));
  } catch (err) {
    await close();
    throw new Error(`php-fpm/nginx did not start: ${String(err)}\n${output.join("").slice(-2000)}`);
  }
  const waitForEmptyPool = async () => {
    const giveUpAt = Date.now() + STARTUP_LIMIT_MS;
    while (childProcessCount(phpFpmMaster.pid) > 0) {
      if (Date.now() > giveUpAt) throw new Error("php-fpm kept its children past the idle timeout");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { nginxPort, url, waitForEmptyPool, close };
}

/** Children of a process, read from /proc (php-fpm only ships for Linux-like systems here). */
function childProcessCount(parentPid: number | undefined): number {
  if (parentPid === undefined) return 0;
  let count = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command name: state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parentPid) count += 1;
    } catch {
      // the process exited while we were looking
    }
  }
  return count;
}

function phpFpmConfig(dir: string, port: number): string {
  return `[global]
pid = ${dir}/php-fpm.pid
error_log = ${dir}/php-fpm.log
daemonize = no

[probe]
listen = 127.0.0.1:${port}
pm = ondemand
pm.max_children = 1
pm.process_idle_timeout = 1s
pm.status_path = /fpm-status
`;
}

function nginxConfig(dir: string, port: number, fpmPort: number): string {
  // master_process off: a single process as the current user, nothing forked to clean up.
  return `daemon off;
master_process off;
error_log ${dir}/nginx-error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    location = /nginx_status { stub_status; }
    location = /fpm-status {
      fastcgi_param SCRIPT_NAME /fpm-status;
      fastcgi_param SCRIPT_FILENAME /fpm-status;
      fastcgi_param REQUEST_URI $request_uri;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_pass 127.0.0.1:${fpmPort};
    }
    location ~ \\.php$ {
      fastcgi_param SCRIPT_NAME $fastcgi_script_name;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_pass 127.0.0.1:${fpmPort};
    }
  }
}
`;
}

export function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
  });
}

async function waitUntilServing(url: string): Promise<void> {
  const giveUpAt = Date.now() + STARTUP_LIMIT_MS;
  let last = "";
  while (Date.now() < giveUpAt) {
    try {
      const { status } = await httpGet(url);
      if (status === 200) return;
      last = `status ${status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready after ${STARTUP_LIMIT_MS} ms (${last})`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
