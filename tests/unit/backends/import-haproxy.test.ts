import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHaproxy } from "@/lib/backends/import/haproxy";
import { ImportPreview, type ImportedBackend } from "@/lib/backends/import/types";

const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
const HAPROXY = "/usr/sbin/haproxy";

function byName(backends: ImportedBackend[], name: string): ImportedBackend {
  const b = backends.find((x) => x.name === name);
  assert.ok(b, `backend ${name} imported`);
  return b;
}
const messages = (p: ImportPreview) => p.notes.map((n) => n.message);

test("haproxy.cfg: servers of backend and listen sections, named BACKEND/SERVER", () => {
  const p = ImportPreview.parse(parseHaproxy(readFileSync(join(FIXTURES, "haproxy.cfg"), "utf8")));
  assert.deepEqual(p.backends.map((b) => b.name), [
    "be_web/web1", "be_web/web2", "be_web/web3", "be_web/web4",
    "be_api/api-a", "be_api/api-b", "be_api/api-c",
    "be_legacy/old1", "be_legacy/old2",
    "be_mysql/db1", "be_mysql/db2",
    "redis/redis1", "redis/redis2",
  ]);
  assert.deepEqual(p.notes.filter((n) => n.level === "error"), []);

  // option httpchk with a Host header smuggled into the version; inter from defaults' default-server.
  const web1 = byName(p.backends, "be_web/web1");
  assert.deepEqual([web1.address, web1.host, web1.port, web1.source.line], ["10.0.1.11:8080", "10.0.1.11", 8080, 38]);
  assert.deepEqual(web1.tags, ["haproxy-backend:be_web"]);
  assert.deepEqual(web1.timeouts, { connectMs: 5000, firstByteMs: 60_000, betweenBytesMs: 60_000 });
  assert.deepEqual(web1.probe, {
    kind: "http", path: "/healthz", method: "GET", host: "shop.example.com", expectedStatus: 200,
    intervalMs: 3000, timeoutMs: 3000, window: 4, threshold: 2, initial: 2,
  });

  // fall 5 / rise 3 -> window 7, threshold 3; the original values stay in a note.
  const web2 = byName(p.backends, "be_web/web2");
  assert.deepEqual([web2.probe?.intervalMs, web2.probe?.window, web2.probe?.threshold, web2.probe?.initial], [2000, 7, 3, 3]);
  assert.ok(messages(p).includes("be_web: web2: check every 2s, fall 5, rise 3; imported as window 7, threshold 3, initial 3"));

  assert.deepEqual(byName(p.backends, "be_web/web3").tags, ["haproxy-backend:be_web", "backup"]);
  const web4 = byName(p.backends, "be_web/web4");
  assert.deepEqual(web4.tags, ["haproxy-backend:be_web", "disabled"]);
  assert.equal(web4.probe, undefined);
  assert.ok(messages(p).includes('be_web: web4: no "check"; HAProxy never marks them down, so no probe is imported'));

  // 2.2+ http-check send/expect; `check` comes from the backend's default-server line.
  const apiA = byName(p.backends, "be_api/api-a");
  assert.deepEqual(apiA.probe, {
    kind: "http", path: "/api/health", method: "GET", host: "api.example.com", expectedStatus: 204,
    intervalMs: 1000, timeoutMs: 3000, window: 2, threshold: 1, initial: 1,
  });
  assert.deepEqual(apiA.timeouts, { connectMs: 5000, firstByteMs: 30_000, betweenBytesMs: 30_000 });
  const apiB = byName(p.backends, "be_api/api-b");
  assert.deepEqual([apiB.address, apiB.host, apiB.port], ["[2001:db8::21]:9000", "2001:db8::21", 9000]);
  const apiC = byName(p.backends, "be_api/api-c");
  assert.deepEqual([apiC.address, apiC.host, apiC.port, apiC.probe], ["/run/api/api-c.sock", "/run/api/api-c.sock", undefined, undefined]);

  // No httpchk: TCP connect checks; a separate check port is reported.
  assert.equal(byName(p.backends, "be_legacy/old1").probe?.kind, "tcp");
  const portNote = p.notes.find((n) => n.message.includes("is checked at 192.0.2.50:8081"));
  assert.deepEqual([portNote?.level, portNote?.line], ["warning", 55]);

  // `from tcp_defaults`: "2000" without unit is ms, "1h"; no `timeout check`, so the check timeout is inter.
  const db1 = byName(p.backends, "be_mysql/db1");
  assert.deepEqual(db1.timeouts, { connectMs: 2000, firstByteMs: 3_600_000, betweenBytesMs: 3_600_000 });
  assert.deepEqual(db1.probe, { kind: "tcp", intervalMs: 10_000, timeoutMs: 10_000, window: 4, threshold: 2, initial: 2 });
  assert.ok(messages(p).includes('be_mysql: HAProxy runs "option mysql-check"; imported as a TCP connect probe'));

  assert.deepEqual(byName(p.backends, "redis/redis2").tags, ["haproxy-backend:redis", "backup"]);
  assert.ok(messages(p).includes('haproxy backend "be_web" (roundrobin) groups servers web1, web2, web3, web4'));
  assert.ok(messages(p).includes('haproxy backend "be_api" (leastconn) groups servers api-a, api-b, api-c'));
});

test("timeouts: every unit, per-section override, and a warning when missing", () => {
  const p = parseHaproxy(`defaults
  timeout connect 500000us
  timeout server 2m
  timeout check 1d
backend a
  server s1 10.0.0.1:80 check
backend b
  timeout server 1500
  timeout connect 1h
  server s1 10.0.0.2:80
`);
  assert.deepEqual(p.backends[0].timeouts, { connectMs: 500, firstByteMs: 120_000, betweenBytesMs: 120_000 });
  assert.equal(p.backends[0].probe?.timeoutMs, 86_400_000);
  assert.deepEqual(p.backends[1].timeouts, { connectMs: 3_600_000, firstByteMs: 1500, betweenBytesMs: 1500 });

  const bare = parseHaproxy("backend c\n  server s1 10.0.0.3:80\n");
  assert.deepEqual(bare.backends[0].timeouts, {});
  assert.ok(messages(bare).includes('backend "c" has no timeout connect or timeout server; HAProxy then waits without limit'));
});

test("HAProxy check defaults (inter 2s, fall 3, rise 2) and option httpchk forms", () => {
  const p = parseHaproxy(`defaults
  timeout connect 1s
  timeout server 1s
backend plain
  option httpchk
  server s 10.0.0.1:80 check
backend uri
  option httpchk /ping
  http-check expect status 200-399
  server s 10.0.0.2:80 check
backend off
  option httpchk GET /x
  no option httpchk
  server s 10.0.0.3:80 check
`);
  assert.deepEqual(p.backends[0].probe, { kind: "http", path: "/", method: "OPTIONS", intervalMs: 2000, timeoutMs: 2000, window: 4, threshold: 2, initial: 2 });
  assert.deepEqual([p.backends[1].probe?.method, p.backends[1].probe?.path, p.backends[1].probe?.expectedStatus], ["OPTIONS", "/ping", undefined]);
  assert.equal(p.backends[2].probe?.kind, "tcp");
  assert.ok(messages(p).includes("plain: HAProxy's HTTP check accepts any 2xx or 3xx status; set the probe's expected status by hand"));
  assert.ok(messages(p).includes(`uri: HAProxy's HTTP check accepts "http-check expect status 200-399"; set the probe's expected status by hand`));
});

test("a new defaults section starts from scratch; default-server applies to later servers only", () => {
  const p = parseHaproxy(`defaults
  timeout connect 7s
  default-server inter 9s check
defaults
  timeout server 5s
backend a
  server s1 10.0.0.1:80
  default-server check fall 10
  server s2 10.0.0.2:80
`);
  assert.deepEqual(p.backends[0].timeouts, { firstByteMs: 5000, betweenBytesMs: 5000 });
  assert.equal(p.backends[0].probe, undefined);
  assert.deepEqual([p.backends[1].probe?.intervalMs, p.backends[1].probe?.window], [2000, 11]);
});

test("quotes, escapes, comments and option arguments that look like keywords", () => {
  const p = parseHaproxy(`backend "my app"   # a quoted name
\tserver 'web#1' "10.0.0.1:8080" cookie check weight 10 # 'check' above is the cookie value
  server web2 10.0.0.2:8080 frobnicate check
  server web3 10.0.0.3:8080 \\
    check
`);
  assert.deepEqual(p.backends.map((b) => b.name), ["my app/web#1", "my app/web2", "my app/web3"]);
  assert.equal(p.backends[0].probe, undefined);
  assert.equal(p.backends[1].probe?.kind, "tcp");
  assert.ok(messages(p).includes('server option "frobnicate" not understood; ignored'));
  // HAProxy has no line continuation: the lone "check" line is not part of web3, and nothing is said about it.
  assert.equal(p.backends[2].probe, undefined);
  assert.ok(!messages(p).some((m) => m.includes("continuation")));
});

test("odd addresses: no port, env vars, port ranges, abstract sockets, templates", () => {
  const p = parseHaproxy(`backend a
  server noport 10.0.0.1
  server env "\${APP_HOST}:8080"
  server range 10.0.0.3:8000-8010
  server abns abns@app
  server v4 ipv4@10.0.0.5:81
  server-template web 1-3 app.internal:80 check
`);
  assert.deepEqual(p.backends.map((b) => [b.name, b.address, b.port]), [
    ["a/noport", "10.0.0.1", undefined],
    ["a/env", "${APP_HOST}:8080", 8080],
    ["a/range", "10.0.0.3", undefined],
    ["a/v4", "10.0.0.5:81", 81],
  ]);
  const all = messages(p);
  assert.ok(all.includes('server "a/noport" has no port; HAProxy then uses the port the client connected to'));
  assert.ok(all.includes('server "a/env": address "${APP_HOST}:8080" uses environment variables; edit it after import'));
  assert.ok(all.includes('server "a/abns": address "abns@app" is not a network or unix socket address; skipped'));
  assert.ok(all.includes('server-template "web" not expanded; add its servers by hand'));
});

test("servers outside backend/listen sections are not imported", () => {
  const p = parseHaproxy(`peers mypeers
  peer lb1 10.0.0.1:10000
  server lb2 10.0.0.2:10000
resolvers dns
  nameserver ns1 10.0.0.53:53
frontend fe
  server bogus 10.0.0.9:80
ring logs
  server syslog 10.0.0.10:514
`);
  assert.deepEqual(p.backends, []);
  assert.ok(messages(p).includes('"server" in a frontend section is not allowed by HAProxy; ignored'));
});

test("haproxy -c accepts the fixture", { skip: !existsSync(HAPROXY) && "haproxy not installed" }, () => {
  const r = spawnSync(HAPROXY, ["-c", "-f", join(FIXTURES, "haproxy.cfg")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout + r.stderr, /Configuration file is valid/);
});
