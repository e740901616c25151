// Issue #17's nginx trap, with a real nginx: `proxy_pass https://` to a plain-TCP listener (the TLS
// handshake fails), a variable proxy_pass whose resolver is a closed local UDP port (the name does
// not resolve), and an origin that answers 502 itself. The access log shows us=502 for the first
// and the last alike; only the error log tells them apart, and its silence about the last one is
// the evidence that the origin answered. Resolver complaints are kept as notices, never counted.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../helpers/server";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { findBinary, missingBinaries, readLines, sleep, startChild, waitForLines, waitForListening, type Child } from "./support/processes";
import { createSource, sourceFromToken } from "@/lib/sources/sources";
import { ingestBatch } from "@/lib/ingest/intake";
import { summary } from "@/lib/rollups/queries";
import type { Actor } from "@/lib/auth/permissions";

// No $upstream_header_time: the origin's own 502 then looks like nginx's, as in many real formats.
const FORMAT = '$remote_addr - - [$time_local] "$request" $status $body_bytes_sent "-" "-" $upstream_addr $upstream_status $upstream_connect_time $request_time';
const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const skip = missingBinaries(["nginx"]);

let dir = "";
let nginx: Child | undefined;
let plain: TcpServer | undefined;
let origin: Server | undefined;
let port = 0;
let t: TestDatabase | undefined;

before(async () => {
  if (skip) return;
  t = await freshDatabase("nginxtls");
  plain = createTcpServer((socket) => socket.end("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")).listen(0, "127.0.0.1");
  origin = createServer((_req, res) => res.writeHead(502).end("bad gateway, said the origin")).listen(0, "127.0.0.1");
  await Promise.all([plain, origin].map((s) => new Promise((resolve) => (s.listening ? resolve(null) : s.once("listening", resolve)))));
  const plainPort = (plain.address() as { port: number }).port;
  const originPort = (origin.address() as { port: number }).port;
  const resolverPort = await freePort(); // free for TCP just now; nothing listens on its UDP side
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), "originwatch-nginx-tls-"));
  mkdirSync(join(dir, "logs"));
  mkdirSync(join(dir, "tmp"));
  writeFileSync(
    join(dir, "nginx.conf"),
    `daemon off;
master_process off;
error_log ${dir}/logs/error.log error;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  log_format ev '${FORMAT}';
  access_log ${dir}/logs/access.log ev;
  proxy_next_upstream off;
  server {
    listen 127.0.0.1:${port};
    location /tls { proxy_pass https://127.0.0.1:${plainPort}; }
    location /dns { resolver 127.0.0.1:${resolverPort} valid=1s; resolver_timeout 1s; set $u "http://nowhere.invalid"; proxy_pass $u; }
    location /origin { proxy_pass http://127.0.0.1:${originPort}; }
  }
}
`,
  );
  nginx = startChild("nginx", findBinary("nginx")!, ["-p", `${dir}/`, "-c", join(dir, "nginx.conf"), "-e", join(dir, "logs", "error.log")], { cwd: dir });
  await waitForListening(nginx, port);
});

after(async () => {
  await nginx?.stop();
  plain?.close();
  origin?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.cleanup();
});

test("real nginx: TLS handshake failure is tls_error, an unresolved name dns_error, the origin's own 502 backend_error", { skip }, async () => {
  const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  assert.equal(await get("/origin"), 502);
  // The error log moves on more than the join window (2 s) past the origin's 502 without a line for it.
  await sleep(2500);
  assert.equal(await get("/tls"), 502);
  assert.equal(await get("/dns"), 502);

  const access = await waitForLines("access lines", () => readLines(join(dir, "logs", "access.log")), 3);
  const errors = readLines(join(dir, "logs", "error.log"));
  assert.ok(errors.some((l) => l.includes("SSL_do_handshake() failed") && l.includes("while SSL handshaking to upstream")), errors.join("\n"));
  assert.ok(errors.some((l) => l.includes("could not be resolved")), errors.join("\n"));
  assert.ok(errors.some((l) => l.includes("while resolving, resolver:")), errors.join("\n"));
  for (const line of access) assert.match(line, / 502 /);

  const created = await createSource(t!.db.prisma, owner, { name: "real-nginx", kind: "nginx", format: FORMAT });
  const source = (await sourceFromToken(t!.db.prisma, created.token))!;
  const answer = await ingestBatch(t!.db, source, [...access, ...errors]);
  assert.equal(answer.rejected, 0, JSON.stringify(answer.errors));
  const counted = await summary(t!.db.sql, { from: Date.now() - 10 * 60_000, to: Date.now() + 60_000 });
  assert.equal(counted.total, 3, "resolver lines are never counted as requests");
  assert.deepEqual(counted.byCause, { backend_error: 1, tls_error: 1, dns_error: 1 });
});
