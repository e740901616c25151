#!/usr/bin/env node
// Builds the web app when its sources are newer than the last build (or there is none). Used by
// `npm start` (scripts/start.mjs) and by `npm test` before the stages that start servers, so that no
// single test pays for the build inside its own timeout. Run alone: `node scripts/build-if-stale.mjs`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const sources = ["app", "components", "lib", "public", "prisma", "next.config.ts", "package.json", "instrumentation.ts", "instrumentation-client.ts", "proxy.ts"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Builds when stale; answers whether the build (if any) succeeded. */
export function buildIfStale(env = process.env) {
  const buildId = join(root, env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  const newestSource = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource) return true;
  console.log("originwatch: building the web app (first start or changed sources; takes a minute or two)…");
  const r = spawnSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  return r.status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildIfStale() ? 0 : 1);
