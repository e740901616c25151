// The shipper a proxy host downloads: GET /api/v1/shipper.mjs from the real server, saved in a
// temporary folder outside the repository and run there by plain `node` (no tsx, no node_modules),
// ships a file to a real source and follows it through a rotation; the server counts every line.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "../helpers/server";
import { bearerApi } from "../helpers/api";

let s: RunningServer;
let dir: string;
before(async () => {
  s = await startServer({ env: { ORIGINWATCH_WORKER: "off" } });
  dir = mkdtempSync(join(tmpdir(), "ow-shipper-host-"));
});
after(async () => {
  await s?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const api = bearerApi(() => s);
const FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $proxy_host';
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const nginxTime = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `10.0.0.9 - - [${nginxTime(new Date(Date.now() - 60_000))}] "GET /${tag}/${i} HTTP/1.1" 200 10 "-" "curl/8" shipper-e2e\n`).join("");

async function counted(): Promise<number> {
  const path = () => `/api/v1/summary?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}&backend=shipper-e2e`;
  // A kept-alive connection the server closed while the shipper ran fails once: ask again.
  const r = await api(path()).catch(() => api(path()));
  assert.equal(r.status, 200);
  return ((await r.json()) as { total: number }).total;
}

async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("the downloaded shipper runs with plain node outside the repository, ships a file and follows a rotation", { timeout: 120_000 }, async () => {
  const res = await fetch(`${s.baseUrl}/api/v1/shipper.mjs`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/javascript/);
  assert.match(res.headers.get("content-disposition") ?? "", /originwatch-shipper\.mjs/);
  const code = await res.text();
  assert.match(code, /^#!\/usr\/bin\/env node/);
  assert.doesNotMatch(code, /from ["'](?!node:)[^"']+["']|require\(["'](?!node:)/, "imports nothing but node: built-ins");
  const again = await fetch(`${s.baseUrl}/api/v1/shipper.mjs`, { headers: { "if-none-match": res.headers.get("etag")! } });
  assert.equal(again.status, 304);

  const shipper = join(dir, "originwatch-shipper.mjs");
  writeFileSync(shipper, code);
  assert.deepEqual(readdirSync(dir), ["originwatch-shipper.mjs"], "nothing else beside it: no node_modules");
  const help = spawnSync(process.execPath, [shipper, "--help"], { cwd: dir, encoding: "utf8" });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: node originwatch-shipper\.mjs --url URL/);

  const src = await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "proxy-host", kind: "nginx", format: FORMAT }) });
  assert.equal(src.status, 201);
  const { token } = (await src.json()) as { token: string };

  // One shot: a file of 30 lines.
  const once = join(dir, "once.log");
  writeFileSync(once, lines(30, "once"));
  const shot = spawnSync(process.execPath, [shipper, "--url", s.baseUrl, "--token", token, once], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  assert.equal(shot.status, 0, `${shot.stdout}\n${shot.stderr}`);
  assert.match(shot.stdout, /30 lines/);
  assert.equal(await counted(), 30);

  // --follow: appended lines, then a rotation (rename + a new file), all arrive once.
  const log = join(dir, "access.log");
  writeFileSync(log, lines(10, "a"));
  const child: ChildProcess = spawn(process.execPath, [shipper, "--url", s.baseUrl, "--token", token, "--follow", log], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  try {
    await until("the first 10 lines", async () => (await counted()) === 40);
    appendFileSync(log, lines(5, "b"));
    await until("5 appended lines", async () => (await counted()) === 45);
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, lines(3, "late")); // written to the old file just after the rename
    writeFileSync(log, lines(7, "c"));
    await until("the rotated file's tail and the new file", async () => (await counted()) === 55);
  } finally {
    const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0, out);
  }
  assert.equal(await counted(), 55, "no line twice");
});
