// Child processes and bounded waits for the real-proxy test. Every proxy runs in the
// foreground in its own process group (varnishd forks its cache process), so stopping it
// signals exactly that group: never anything found by name.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import net from "node:net";
import { delimiter, join } from "node:path";

/** Where distributions install the proxies; PATH is searched first. */
const SYSTEM_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/sbin"];

export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A skip message naming the first missing binary, or false when all are installed. */
export function missingBinaries(names: string[]): string | false {
  const missing = names.filter((name) => findBinary(name) === undefined);
  return missing.length === 0 ? false : `${missing.join(" and ")} not installed (looked in PATH and ${SYSTEM_DIRS.join(", ")})`;
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr interleaved), for diagnostics. */
  output(): string;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 3_000;

export function startChild(name: string, binary: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Child {
  const child = spawn(binary, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  let both = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    both += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    both += chunk.toString();
  });
  child.on("error", (error) => (both += `\n${name}: ${error.message}\n`));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is already gone
    }
  };
  return {
    name,
    process: child,
    output: () => both,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (!running()) {
        signalGroup("SIGKILL"); // a forked grandchild may outlive its parent
        return;
      }
      signalGroup("SIGTERM");
      const force = setTimeout(() => signalGroup("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(force);
      signalGroup("SIGKILL");
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined), or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined | Promise<T | undefined>, diagnostics?: () => string): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  let lastError = "";
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = String(error);
    }
    if (Date.now() > giveUpAt) {
      const extra = diagnostics ? `\n--- diagnostics ---\n${diagnostics().slice(-3000)}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ""}${extra}`);
    }
    await sleep(50);
  }
}

/** Throws with the child's output when it has exited: a proxy that refused its config. */
export function assertRunning(child: Child): void {
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    throw new Error(`${child.name} exited (${child.process.exitCode ?? child.process.signalCode}):\n${child.output().slice(-3000)}`);
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port (sends no bytes). */
export function waitForListening(child: Child, port: number, timeoutMs = 10_000): Promise<true> {
  return waitFor(`${child.name} to listen on 127.0.0.1:${port}`, timeoutMs, () => {
    assertRunning(child);
    return new Promise<true | undefined>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(undefined));
    });
  }, child.output);
}

export function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  return text.split("\n").filter((line) => line.length > 0);
}

/** Waits until `count()` of the lines of `read()` reaches `expected`, then until it stays there briefly. */
export async function waitForLines(what: string, read: () => string[], expected: number, timeoutMs = 10_000, diagnostics?: () => string): Promise<string[]> {
  await waitFor(`${expected} ${what}`, timeoutMs, () => (read().length >= expected ? true : undefined), () => {
    const lines = read();
    return `${lines.length} lines so far:\n${lines.join("\n")}\n${diagnostics?.() ?? ""}`;
  });
  // A proxy that logs more than expected is a finding, not noise: give it a moment to show.
  await sleep(200);
  return read();
}
