#!/usr/bin/env node
// `prisma generate` needs no engine, but the CLI insists that PRISMA_SCHEMA_ENGINE_BINARY names an
// existing file before it starts (it would otherwise try to download one, which fails offline).
// The binary is never run for generate, so any existing file does; users never see this.
import { spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "lib/generated/prisma/client.ts");
const schemaDir = join(root, "prisma/schema");
const newest = Math.max(...readdirSync(schemaDir).map((f) => statSync(join(schemaDir, f)).mtimeMs));
if (existsSync(out) && statSync(out).mtimeMs > newest && !process.argv.includes("--force")) process.exit(0);

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync("/bin/false") ? "/bin/false" : process.execPath;
}
const r = spawnSync(process.execPath, [join(root, "node_modules/prisma/build/index.js"), "generate"], {
  cwd: root,
  env,
  encoding: "utf8",
});
if (r.status !== 0) {
  process.stderr.write(r.stdout + r.stderr);
  console.error("prisma generate failed (see above)");
  process.exit(1);
}
