#!/usr/bin/env node
// `npx originwatch <command>`: prepares the process, then runs lib/cli/main.ts through tsx.
// - The Origin Watch folder is found from this file's own location and becomes the working
//   folder, as for `npm start`: DATA_DIR (default ./data) then names the database the server uses,
//   whichever directory the command was typed in.
// - .env files there are read as Next.js reads them for the server (variables already set win),
//   so a DATABASE_URL kept in .env reaches the CLI too.
// - The Prisma client is generated when the schema changed (a no-op otherwise).
// - tsx's loader is registered in this process rather than spawning a second Node: the terminal
//   (hidden password prompt), signals and the exit code stay with the process the user started.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as util from "node:util";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const fail = (message) => {
  process.stderr.write(`originwatch: ${message}\n`);
  process.exit(1);
};

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer.`);

process.chdir(root);
process.env.ORIGINWATCH_ROOT = root;

for (const file of [".env.production.local", ".env.local", ".env.production", ".env"]) {
  if (!existsSync(file)) continue;
  try {
    for (const [key, value] of Object.entries(util.parseEnv(readFileSync(file, "utf8")))) {
      if (!(key in process.env)) process.env[key] = value;
    }
  } catch (e) {
    fail(`cannot read ${join(root, file)}: ${e.message}`);
  }
}

// The generator's own output (only ever an error) goes to stderr: stdout is for results.
const generate = spawnSync(process.execPath, [join(root, "scripts/prisma-generate.mjs")], { stdio: ["ignore", 2, 2] });
if (generate.status !== 0) fail(`generating the Prisma client failed${generate.error ? `: ${generate.error.message}` : " (see above)"}.`);

let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch (e) {
  fail(`cannot load tsx (${e.code ?? e.message}): run \`npm install\` in ${root}.`);
}
register({ tsconfig: join(root, "tsconfig.json") }); // the @/ import alias, wherever we were started
await import(pathToFileURL(join(root, "lib/cli/main.ts")).href);
