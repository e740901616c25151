// The real CLI (`node bin/originwatch.mjs …`), spawned from an unrelated folder, against a fresh
// embedded database, and against a fresh PostgreSQL database when DATABASE_URL is set (the
// admin URL: each run creates `ow_cli_<random>` and drops it after). Each spawn that opens the
// embedded database pays for PGlite's start, so the cases share one database and run in order.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import type { DatabaseConfig } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";
import { LOCK_FILE } from "@/lib/db/embedded-lock";

const BIN = resolve(import.meta.dirname, "../../bin/originwatch.mjs");
const PASSWORD = "correct horse battery staple";
const slow = { timeout: 120_000 };

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Target {
  config: DatabaseConfig;
  /** The variables that point the CLI at this database (DATABASE_URL "" means embedded). */
  env: Record<string, string>;
  /** A folder that is not the repository, to run the CLI from. */
  cwd: string;
}

function cli(target: Pick<Target, "env" | "cwd">, args: string[], stdin = ""): Promise<CliResult> {
  const env = { ...process.env, ...target.env };
  delete env.NODE_TEST_CONTEXT; // the CLI is not a test file
  const child = spawn(process.execPath, [BIN, ...args], { cwd: target.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdin);
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** The assertion message shows what the CLI said: a failed exit code alone explains nothing. */
const said = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
const noStack = (r: CliResult) => assert.doesNotMatch(r.stderr, /\n\s+at /, said(r));

async function queryOnce<T>(config: DatabaseConfig, sql: string): Promise<T[]> {
  const db = await openDatabase(config, { purpose: "the CLI test", migrate: false });
  try {
    return await db.sql.query<T>(sql);
  } finally {
    await db.close();
  }
}

function embeddedTarget(): Target & { cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "ow-cli-"));
  const dataDir = join(dir, "data");
  return {
    config: { mode: "embedded", dataDir },
    env: { DATABASE_URL: "", DATA_DIR: dataDir },
    cwd: dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target & { cleanup(): Promise<void> }> {
  const name = `ow_cli_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), "ow-cli-"));
  return {
    config: { mode: "postgres", url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    cwd: dir,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

test("help, unknown commands and bad flags are usage errors (exit 2) that never touch the database", slow, async () => {
  const target = { env: { DATABASE_URL: "", DATA_DIR: join(tmpdir(), "ow-cli-never-created") }, cwd: tmpdir() };

  const help = await cli(target, ["user", "create", "--help"]);
  assert.equal(help.code, 0, said(help));
  assert.match(help.stdout, /Usage: originwatch user create --email EMAIL --role ROLE/);
  assert.match(help.stdout, /--password-stdin/);

  const unknown = await cli(target, ["frobnicate"]);
  assert.equal(unknown.code, 2, said(unknown));
  assert.match(unknown.stderr, /^originwatch: unknown command "frobnicate"/);
  assert.match(unknown.stderr, /Usage: originwatch <command>/, "the main help follows");
  assert.match(unknown.stderr, /token create/);

  const badRole = await cli(target, ["user", "create", "--email", "a@example.com", "--role", "boss", "--password-stdin"], `${PASSWORD}\n`);
  assert.equal(badRole.code, 2, said(badRole));
  assert.match(badRole.stderr, /--role must be one of owner, admin, editor or viewer, not "boss"/);

  const missing = await cli(target, ["token", "create", "--role", "viewer"]);
  assert.equal(missing.code, 2, said(missing));
  assert.match(missing.stderr, /--name is required/);

  const badKind = await cli(target, ["source", "create", "--name", "edge", "--kind", "squid"]);
  assert.equal(badKind.code, 2, said(badKind));
  assert.match(badKind.stderr, /--kind must be one of varnish, nginx, haproxy, envoy, json, cloudflare, cloudfront, fastly, akamai or bunny, not "squid"/);

  // A format the compiler refuses is an input error (exit 1), caught before the database opens.
  const badFormat = await cli(target, ["source", "create", "--name", "edge", "--kind", "varnish", "--format", "%h %Q %s"]);
  assert.equal(badFormat.code, 1, said(badFormat));
  assert.match(badFormat.stderr, /^originwatch: --format: unknown specifier "%Q" at position 3 in varnishncsa format$/m);
  assert.equal(badFormat.stdout, "");
  noStack(badFormat);

  assert.equal(existsSync(target.env.DATA_DIR), false, "no database was created for a usage error");
});

function cliSuite(mode: DatabaseConfig["mode"], setup: () => Promise<Target & { cleanup(): void | Promise<void> }>) {
  describe(`originwatch on ${mode === "embedded" ? "the embedded database" : "PostgreSQL"}`, () => {
    let target: Target & { cleanup(): void | Promise<void> };
    before(async () => {
      target = await setup();
    });
    after(async () => {
      await target?.cleanup();
    });

    test("migrate applies the migrations, and a second run says up to date", slow, async () => {
      const first = await cli(target, ["migrate"]);
      assert.equal(first.code, 0, said(first));
      assert.match(first.stdout, /Applied \d+ migrations?:\n {2}\d+_init\n/);

      const second = await cli(target, ["migrate"]);
      assert.equal(second.code, 0, said(second));
      assert.match(second.stdout, /Up to date/);
      assert.doesNotMatch(second.stdout, /Applied/);
    });

    test("user create reads the password from stdin; the same email again fails naming it", slow, async () => {
      const args = ["user", "create", "--email", "ana@example.com", "--role", "owner", "--name", "Ana", "--password-stdin"];
      const created = await cli(target, args, `${PASSWORD}\nthe second line is ignored\n`);
      assert.equal(created.code, 0, said(created));
      assert.match(created.stdout, /Created user ana@example\.com \(owner, Ana\)/);
      assert.match(created.stdout, /^id: \S+$/m);

      const again = await cli(target, ["user", "create", "--email", "Ana@Example.com", "--role", "viewer", "--password-stdin"], `${PASSWORD}\n`);
      assert.equal(again.code, 1, said(again));
      assert.match(again.stderr, /^originwatch: .*ana@example\.com already exists/);
      noStack(again);
    });

    test("user create with a too-short password fails naming the password", slow, async () => {
      const r = await cli(target, ["user", "create", "--email", "bo@example.com", "--role", "viewer", "--password-stdin"], "short\n");
      assert.equal(r.code, 1, said(r));
      assert.match(r.stderr, /^originwatch: password: Use at least 10 characters/);
      assert.equal(r.stdout, "");
      noStack(r);
    });

    test("token create prints the token alone on the last line, and the database keeps only its hash", slow, async () => {
      const r = await cli(target, ["token", "create", "--name", "deploy-markers", "--role", "editor", "--expires-days", "30"]);
      assert.equal(r.code, 0, said(r));
      const lines = r.stdout.trimEnd().split("\n");
      assert.ok(lines.length >= 2, "a human line comes first");
      const token = lines[lines.length - 1];
      assert.match(token, /^ow_api_[A-Za-z0-9_-]{20,}$/);
      assert.doesNotMatch(lines.slice(0, -1).join("\n"), new RegExp(token), "the token is printed once");

      const rows = await queryOnce<{ name: string; token_hash: string }>(target.config, "SELECT * FROM api_tokens");
      assert.equal(rows.length, 1);
      assert.equal(rows[0].name, "deploy-markers");
      assert.equal(rows[0].token_hash, createHash("sha256").update(token).digest("hex"));
      assert.equal(JSON.stringify(rows).includes(token), false, "the token text is not stored");
    });

    test("status shows the database, migrations and counts", slow, async () => {
      const r = await cli(target, ["status"]);
      assert.equal(r.code, 0, said(r));
      assert.match(r.stdout, target.config.mode === "embedded" ? /^database\s+embedded \(PGlite\) in / : /^database\s+PostgreSQL at postgresql:/);
      assert.match(r.stdout, /^migrations\s+\d+ applied, 0 pending$/m);
      assert.match(r.stdout, /^users\s+1$/m);
      assert.match(r.stdout, /^API tokens\s+1 \(1 active\)$/m);
      assert.match(r.stdout, /^sources\s+0$/m);
      assert.match(r.stdout, /^backends\s+0$/m);
      if (target.config.mode === "embedded") {
        assert.match(r.stdout, /^in use by\s+nothing/m);
        assert.equal(existsSync(join(target.config.dataDir, LOCK_FILE)), false, "every CLI run released the embedded lock");
      }
    });

    test("source create prints the ingest token last; rotate-token replaces it; list shows the source", slow, async () => {
      const format = '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" %D';
      const created = await cli(target, ["source", "create", "--name", "edge-varnish", "--kind", "varnish", "--format", format, "--default-backend", "www"]);
      assert.equal(created.code, 0, said(created));
      const lines = created.stdout.trimEnd().split("\n");
      const token = lines[lines.length - 1]!;
      assert.match(token, /^ow_src_[A-Za-z0-9_-]{20,}$/);
      assert.doesNotMatch(lines.slice(0, -1).join("\n"), new RegExp(token), "the token is printed once");
      const id = /^Created source "edge-varnish" \(varnish, its format, default backend www\), id (\S+)\.$/m.exec(created.stdout)?.[1];
      assert.ok(id, said(created));

      const rotated = await cli(target, ["source", "rotate-token", "--id", id]);
      assert.equal(rotated.code, 0, said(rotated));
      const fresh = rotated.stdout.trimEnd().split("\n").pop()!;
      assert.match(fresh, /^ow_src_[A-Za-z0-9_-]{20,}$/);
      assert.notEqual(fresh, token);
      assert.match(rotated.stdout, /The old token no longer works/);

      const list = await cli(target, ["source", "list"]);
      assert.equal(list.code, 0, said(list));
      assert.match(list.stdout, /^ID\s+NAME\s+KIND\s+LAST INGEST$/m);
      assert.match(list.stdout, new RegExp(`^${id}\\s+edge-varnish\\s+varnish\\s+never$`, "m"));
      assert.equal(list.stdout.includes("ow_src_"), false, "list shows no token");
    });

    if (mode === "embedded") {
      test("while the server holds the embedded database, the CLI says so and exits 1", slow, async () => {
        if (target.config.mode !== "embedded") throw new Error("this case needs the embedded database");
        const server = await openDatabase(target.config, { purpose: "the Origin Watch web server", migrate: false });
        try {
          const r = await cli(target, ["user", "create", "--email", "late@example.com", "--role", "viewer", "--password-stdin"], `${PASSWORD}\n`);
          assert.equal(r.code, 1, said(r));
          assert.match(r.stderr, new RegExp(`in use by the Origin Watch web server \\(pid ${process.pid}\\)`));
          assert.match(r.stderr, /Settings → Users/);
          assert.equal(r.stderr.trimEnd().split("\n").length, 1, "one line");
          noStack(r);

          const status = await cli(target, ["status"]);
          assert.equal(status.code, 0, said(status));
          assert.match(status.stdout, new RegExp(`^in use by\\s+the Origin Watch web server \\(pid ${process.pid}\\)$`, "m"));
          assert.match(status.stdout, /GET \/api\/health/);
        } finally {
          await server.close();
        }
      });
    }
  });
}

cliSuite("embedded", async () => embeddedTarget());
const adminUrl = process.env.DATABASE_URL?.trim();
if (adminUrl) cliSuite("postgres", () => postgresTarget(adminUrl));
