// The production server (scripts/start.mjs, as `npm start` runs it) on an already seeded database,
// with the owner created through the setup API and an owner API token minted, as the integration
// tests' startServer does (which cannot be reused as is: it makes its own empty database).
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, setUpOwner } from "../../tests/helpers/server";
import type { DatabaseConfig } from "@/lib/config/env";

export interface BenchServer {
  baseUrl: string;
  token: string;
  /** A signed-in browser's cookie header, for pages. */
  cookie: string;
  distDir: string;
  /** scripts/start.mjs's process id: its tree holds the server (tests/helpers/process-rss.ts). */
  pid: number;
  logs(): string;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, "../..");

/** `next build` adds its dist folder's types to tsconfig.json's include: take ours out again. */
function forgetDistDirTypes(distDir: string): void {
  const file = join(root, "tsconfig.json");
  const text = readFileSync(file, "utf8");
  const dir = distDir.replace(/^\.\//, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const cleaned = text.replace(new RegExp(`,\\s*"${dir}/(dev/)?types/\\*\\*/\\*\\.ts"`, "g"), "");
  if (cleaned !== text) writeFileSync(file, cleaned);
}

export async function startBenchServer(config: DatabaseConfig, distDir: string, port?: number): Promise<BenchServer> {
  const listen = port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(listen),
    HOSTNAME: "127.0.0.1",
    NEXT_DIST_DIR: distDir,
    NEXTAUTH_SECRET: "bench-dashboard-secret-0123456789abcdef",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "error",
    // Nothing else runs against the bench data: no probe scheduler, no retention sweep.
    ORIGINWATCH_WORKER: "off",
  };
  if (config.mode === "postgres") env.DATABASE_URL = config.url;
  else {
    delete env.DATABASE_URL;
    env.DATA_DIR = config.dataDir;
  }
  let output = "";
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const logs = () => output.slice(-8000);
  const baseUrl = `http://127.0.0.1:${listen}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    forgetDistDirTypes(distDir);
  };
  try {
    const deadline = Date.now() + 900_000; // start.mjs builds first when the sources changed
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs()}`);
      if (Date.now() > deadline) throw new Error(`server not healthy in time:\n${logs()}`);
      const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const { token, cookie } = await setUpOwner(baseUrl, { email: "bench@example.com", password: "bench-dashboard-password" }, "bench");
    return { baseUrl, token, cookie, distDir: join(root, distDir), pid: child.pid!, logs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
