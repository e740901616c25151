// Database and cache servers for the probe tests, each started on a free high port in its own
// temporary folder (Debian's mariadb-server, redis-server and memcached; .ci/run installs them)
// and stopped again by stop(). The local PostgreSQL is shared instead: tests make their own roles.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface LocalService {
  port: number;
  stop(): Promise<void>;
}

/** memcached and mariadbd refuse to run as root unless told which user to be. */
const asRoot = (...args: string[]) => (process.getuid?.() === 0 ? args : []);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port} within ${ms} ms`);
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

async function start(what: string, command: string, args: (port: number, dir: string) => string[], prepare?: (dir: string) => void): Promise<LocalService> {
  const dir = mkdtempSync(path.join(tmpdir(), `ow-${what}-`));
  prepare?.(dir);
  const port = await freePort();
  const child = spawn(command, args(port, dir), { stdio: "ignore", cwd: dir });
  const stop = stopper(child, dir);
  try {
    await waitForPort(port, child, what);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
}

export const startRedis = () => start("redis", "redis-server", (port, dir) => ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--requirepass", "redis-secret"]);

export const startMemcached = () => start("memcached", "memcached", (port) => ["-p", String(port), "-U", "0", "-l", "127.0.0.1", "-c", "64", ...asRoot("-u", "root")]);

/** MariaDB with root (no password, socket-less login over TCP) and an empty data folder. */
export const startMariadb = () =>
  start(
    "mariadb",
    "mariadbd",
    (port, dir) => ["--no-defaults", `--datadir=${dir}/data`, `--socket=${dir}/mysqld.sock`, `--port=${port}`, "--bind-address=127.0.0.1", `--pid-file=${dir}/mysqld.pid`, "--innodb-buffer-pool-size=16M", "--innodb-lock-wait-timeout=60", ...asRoot("--user=root")],
    (dir) => {
      const out = spawnSync("mariadb-install-db", ["--no-defaults", `--datadir=${dir}/data`, "--auth-root-authentication-method=normal", "--skip-test-db", ...asRoot("--user=root")], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`mariadb-install-db failed: ${out.stderr || out.stdout}`);
    },
  );
