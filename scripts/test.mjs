#!/usr/bin/env node
// The one test entry point: `npm test` runs every stage in order and stops at the first that
// fails. `npm test -- unit` (or integration, e2e, typecheck, lint) runs one stage.
// Unit and integration tests use node's own test runner through tsx; e2e uses Playwright.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = new URL("..", import.meta.url).pathname;

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (/\.test\.ts$/.test(name)) out.push(full);
  }
  return out;
}

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(" ").slice(0, 200)}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, env: { ...process.env, ...env } });
  if (r.error) console.error(`${label}: could not start ${cmd}: ${r.error.message}`);
  return r.status === 0;
}

function nodeTests(label, dir, extra = [], env = {}) {
  const files = findTests(join(root, dir));
  if (files.length === 0) {
    console.error(`${label}: no test files under ${dir}`);
    return false;
  }
  return run(label, process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...extra, ...files], env);
}

/**
 * Runs `body` with one migrated database that each test's database is copied from
 * (tests/helpers/make-template.ts): a PGlite folder costs seconds of initdb, a copy one.
 */
function withTemplate(body) {
  const helper = ["--import", "tsx", "tests/helpers/make-template.ts"];
  console.log("\n=== test database template");
  const made = spawnSync(process.execPath, helper, { cwd: root, env: process.env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const where = made.status === 0 ? made.stdout.trim().split("\n").pop() : "";
  if (!where) {
    console.error(`test database template: could not be made (exit ${made.status})${made.stdout ? `: ${made.stdout}` : ""}`);
    return false;
  }
  try {
    return body({ OW_TEST_TEMPLATE: where });
  } finally {
    spawnSync(process.execPath, [...helper, "--drop", where], { cwd: root, env: process.env, stdio: "inherit" });
  }
}

const build = () => run("build", process.execPath, ["scripts/build-if-stale.mjs"]);

const stages = {
  generate: () => run("prisma generate", process.execPath, ["scripts/prisma-generate.mjs"]),
  typecheck: () => run("typecheck", join(root, "node_modules/.bin/tsc"), ["--noEmit"]),
  lint: () => run("lint", join(root, "node_modules/.bin/eslint"), ["--max-warnings=0", "."]),
  unit: () => nodeTests("unit", "tests/unit"),
  // Integration tests share one database server; run files one at a time.
  // The servers these stages start share one build: make it first, outside any test's timeout.
  integration: () => build() && withTemplate((env) => nodeTests("integration", "tests/integration", ["--test-concurrency=1"], env)),
  e2e: () => build() && run("e2e", process.execPath, ["scripts/e2e.mjs"]),
};

const wanted = process.argv.slice(2);
const order = wanted.length ? ["generate", ...wanted] : ["generate", "typecheck", "lint", "unit", "integration", "e2e"];
const results = [];
for (const name of order) {
  const stage = stages[name];
  if (!stage) {
    console.error(`unknown test stage "${name}"; known: ${Object.keys(stages).join(", ")}`);
    process.exit(2);
  }
  const ok = stage();
  results.push([name, ok]);
  if (!ok) break;
}
const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`\nstages: ${results.map(([n, ok]) => `${n} ${ok ? "ok" : "FAILED"}`).join(", ")}`);
console.log(`stages: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
