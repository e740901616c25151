// `originwatch demo` as people run it (node bin/originwatch.mjs, from an unrelated folder) on a
// fresh embedded database, or a fresh PostgreSQL database when DATABASE_URL is set: its output
// and exit codes for load, load again, remove, remove again, a bad flag and a held database.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { emptyDatabase } from "../../helpers/db";
import type { DatabaseConfig } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";

const BIN = resolve(import.meta.dirname, "../../../bin/originwatch.mjs");
const slow = { timeout: 180_000 };

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let config: DatabaseConfig;
let drop: () => Promise<void>;
let cwd: string;

before(async () => {
  ({ config, drop } = await emptyDatabase("demo_cli"));
  cwd = mkdtempSync(join(tmpdir(), "ow-demo-cli-"));
});
after(async () => {
  rmSync(cwd, { recursive: true, force: true });
  await drop?.();
});

function cli(args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(config.mode === "postgres" ? { DATABASE_URL: config.url } : { DATABASE_URL: "", DATA_DIR: config.dataDir }) };
  delete env.NODE_TEST_CONTEXT; // the CLI is not a test file
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const said = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

test("a wrong flag is a usage error (exit 2); --help explains the command", slow, async () => {
  const bad = await cli(["demo", "--force"]);
  assert.equal(bad.code, 2, said(bad));
  assert.match(bad.stderr, /unknown option --force/);
  const help = await cli(["demo", "--help"]);
  assert.equal(help.code, 0, said(help));
  assert.match(help.stdout, /Usage: originwatch demo \[--remove\]/);
});

test("demo loads a day and says where to look; a second load is refused (exit 1)", slow, async () => {
  const r = await cli(["demo"]);
  assert.equal(r.code, 0, said(r));
  assert.match(r.stdout, /^Loaded a demo day, .* UTC, in \d+\.\d s:$/m);
  assert.match(r.stdout, /4 sources: demo-edge-varnish \(varnish\), demo-edge-nginx \(nginx\), demo-search-haproxy \(haproxy\), demo-mesh-envoy \(envoy\)/);
  assert.match(r.stdout, /api\s+backend_timeout\s+First-byte timeouts 10 minutes after a deploy/);
  assert.match(r.stdout, /search\s+connect_refused/);
  assert.match(r.stdout, /shop\s+proxy_overload/);
  assert.match(r.stdout, /npx originwatch demo --remove/);
  assert.doesNotMatch(r.stderr, /traffic of its own/);

  const again = await cli(["demo"]);
  assert.equal(again.code, 1, said(again));
  assert.match(again.stderr, /^originwatch: Demo data is already loaded\. Remove it first/);
  assert.equal(again.stderr.trimEnd().split("\n").length, 1, "one line");
});

test("while the server holds the embedded database, demo points at the button (exit 1)", slow, async (t) => {
  if (config.mode !== "embedded") return t.skip("PostgreSQL is shared by the server and the CLI");
  const server = await openDatabase(config, { purpose: "the Origin Watch web server", migrate: false });
  try {
    const r = await cli(["demo", "--remove"]);
    assert.equal(r.code, 1, said(r));
    assert.match(r.stderr, new RegExp(`in use by the Origin Watch web server \\(pid ${process.pid}\\)\\. Stop it, or use the overview's “Load demo data” button`));
  } finally {
    await server.close();
  }
});

test("demo --remove removes it (exit 0), and says so when there is nothing left", slow, async () => {
  const r = await cli(["demo", "--remove"]);
  assert.equal(r.code, 0, said(r));
  assert.match(r.stdout, /^Removed the demo data: 4 sources, 5 backends with 5 probes and their results, 6 events, [\d,]+ rollup rows and [\d,]+ sample lines\.$/m);
  const again = await cli(["demo", "--remove"]);
  assert.equal(again.code, 0, said(again));
  assert.equal(again.stdout.trim(), "There is no demo data to remove.");
});
