// Starts the real server (`npm start`'s script) on a free port and a fresh database, creates
// the owner through the setup API, signs in like a browser, and mints an owner API token.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import type { DatabaseConfig } from "@/lib/config/env";
import { emptyDatabase } from "./db";

export interface RunningServer {
  baseUrl: string;
  /** An owner API token, for Authorization: Bearer. */
  token: string;
  owner: { email: string; password: string };
  /** The process id of scripts/start.mjs (the supervisor; `next start` is its child). */
  pid: number;
  /** The server's output: the last `tail` characters (8000 unless asked). */
  logs: (tail?: number) => string;
  /** Where its data is: a PostgreSQL URL of its own, or an embedded data folder. */
  database: DatabaseConfig;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitHealthy(baseUrl: string, child: ChildProcess, logs: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs()}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${logs()}`);
}

/** Signs in through next-auth's credentials endpoint; returns the session cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = (csrf.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const r = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookies = (r.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]);
  const session = cookies.find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${r.status})`);
  return [jar, ...cookies].join("; ");
}

/** First run on a fresh server: creates the owner, signs in, mints an owner API token. */
export async function setUpOwner(baseUrl: string, owner: { email: string; password: string }, tokenName: string): Promise<{ token: string; cookie: string }> {
  const setup = await fetch(`${baseUrl}/api/v1/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(owner) });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = await signIn(baseUrl, owner.email, owner.password);
  const t = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: "POST",
    // A browser's own page sends its Origin; a cookie-authenticated change without one is refused.
    headers: { "content-type": "application/json", cookie, origin: baseUrl },
    body: JSON.stringify({ name: tokenName, role: "owner" }),
  });
  if (t.status !== 201) throw new Error(`token failed: ${t.status} ${await t.text()}`);
  const { token } = (await t.json()) as { token: string };
  return { token, cookie };
}

/**
 * `dbLabel`: names the PostgreSQL database (ow_<label>_<random>) when DATABASE_URL is set.
 * `emptyDatabase`: start on a database with nothing in it, so the server migrates it itself
 * (otherwise a copy of the migrated template, when `npm test` made one).
 */
export async function startServer(opts: { env?: Record<string, string>; dbLabel?: string; emptyDatabase?: boolean } = {}): Promise<RunningServer> {
  const port = await freePort();
  const db = await emptyDatabase(opts.dbLabel ?? "server", { migrated: !opts.emptyDatabase });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    // At least 32 bytes: a production server refuses a shorter one (lib/config/env.ts).
    NEXTAUTH_SECRET: "integration-test-secret-0123456789abcdef",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    ...opts.env,
  };
  if (db.config.mode === "postgres") env.DATABASE_URL = db.config.url;
  else {
    delete env.DATABASE_URL;
    env.DATA_DIR = db.config.dataDir;
  }
  let output = "";
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const logs = (tail = 8000) => output.slice(-tail);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    await db.drop();
  };
  try {
    await waitHealthy(baseUrl, child, logs, 300_000);
    const owner = { email: "owner@example.com", password: "integration-password" };
    const { token } = await setUpOwner(baseUrl, owner, "integration");
    return { baseUrl, token, owner, pid: child.pid!, logs, database: db.config, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
