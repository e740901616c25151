#!/usr/bin/env node
// `npm start`: generate the Prisma client and build when the sources changed, then serve, and
// start the server again if it dies (scripts/supervisor.mjs; ORIGINWATCH_SUPERVISE=off: do not).
// With no DATABASE_URL the server runs on the embedded database under DATA_DIR (./data).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import nextEnv from "@next/env";
import { supervise } from "./supervisor.mjs";
import { buildIfStale } from "./build-if-stale.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const fail = (msg) => {
  process.stderr.write(`originwatch: ${msg}\n`);
  process.exit(1);
};

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer.`);

// .env and .env.production(.local) as Next reads them, so PORT, DATA_DIR or ORIGINWATCH_HEAP_MB
// set there apply here too (the environment wins over the files, as in Next).
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: (...args) => console.error(...args) });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
const port = env.PORT || "3000";
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) fail(`PORT=${port} is not a port number (1-65535).`);

// The server's JavaScript heap. Left to itself, V8 sizes it from the machine's memory and lets the
// garbage of ingest batches (bodies of several MB, decoded and split) pile up before it collects:
// the server's RSS then climbs past 500 MB under steady ingest. A cap makes it collect sooner (peak
// RSS about 330 MB in bench:ingest) at no measurable cost in throughput. A --max-old-space-size in
// NODE_OPTIONS wins.
const heapMb = env.ORIGINWATCH_HEAP_MB || "384";
if (!/^\d+$/.test(heapMb) || Number(heapMb) < 128) fail(`ORIGINWATCH_HEAP_MB=${heapMb} is not a number of megabytes (at least 128).`);

const supervised = (env.ORIGINWATCH_SUPERVISE || "on").trim().toLowerCase();
if (supervised !== "on" && supervised !== "off") fail(`ORIGINWATCH_SUPERVISE=${env.ORIGINWATCH_SUPERVISE} must be on or off.`);

// The embedded quick start must work with nothing configured: keep a generated session secret
// beside the data. A PostgreSQL deployment must set its own (lib/config/env.ts refuses to start).
if (!env.NEXTAUTH_SECRET && !env.DATABASE_URL) {
  const dataDir = resolve(env.DATA_DIR || "./data");
  const file = join(dataDir, "nextauth-secret");
  try {
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
  } catch (e) {
    fail(`DATA_DIR ${dataDir} is not writable (${e.code ?? e.message}). Point DATA_DIR at a writable folder, or set DATABASE_URL.`);
  }
}

// Without NEXTAUTH_URL, next-auth would build its redirects on http://localhost:3000; let it
// use the Host the browser sent instead, so the quick start works on any address and port.
if (!env.NEXTAUTH_URL && !env.AUTH_TRUST_HOST) env.AUTH_TRUST_HOST = "true";

const run = (label, args) => {
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env });
  if (r.status !== 0) fail(`${label} failed (see above).`);
};

run("prisma generate", ["scripts/prisma-generate.mjs"]);

if (!buildIfStale(env)) fail("next build failed (see above).");

// Only the server gets the cap: `next build` above needs more.
const serverEnv = { ...env };
if (!/--max-old-space-size/.test(env.NODE_OPTIONS ?? "")) serverEnv.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --max-old-space-size=${heapMb}`.trim();
console.log(`originwatch: starting on http://localhost:${port} (${env.DATABASE_URL ? "PostgreSQL" : `embedded database in ${resolve(env.DATA_DIR || "./data")}`})`);
// stderr is piped (and copied through) so that a crash report can quote its last lines.
// peer-address.mjs: the socket's address as the last X-Forwarded-For hop (lib/http/client-ip.ts).
const startServer = () =>
  spawn(
    process.execPath,
    ["--import", join(root, "scripts/peer-address.mjs"), join(root, "node_modules/next/dist/bin/next"), "start", "-p", port, ...(env.HOSTNAME ? ["-H", env.HOSTNAME] : [])],
    { stdio: ["inherit", "inherit", "pipe"], env: serverEnv },
  );
supervise(startServer, { enabled: supervised === "on" });
