import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseNginx, parseNginxTime } from "@/lib/backends/import/nginx";
import { ImportPreview, type ImportedBackend } from "@/lib/backends/import/types";

const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const NGINX = "/usr/sbin/nginx";
const SUGGESTED_HTTP = { kind: "http", path: "/", method: "GET", expectedStatus: 200, intervalMs: 5000, timeoutMs: 2000, window: 8, threshold: 3, initial: 2 };

function byName(backends: ImportedBackend[], name: string): ImportedBackend {
  const b = backends.find((x) => x.name === name);
  assert.ok(b, `backend ${name} imported`);
  return b;
}
const messages = (p: ImportPreview) => p.notes.map((n) => n.message);

test("nginx.conf: upstreams inside http{}, timeouts from the locations that use them", () => {
  const p = ImportPreview.parse(parseNginx(fixture("nginx.conf")));
  assert.deepEqual(p.backends.map((b) => b.name), [
    "shop_app/10.0.1.11:8080", "shop_app/10.0.1.12:8080", "shop_app/10.0.1.13:8080",
    "api_pool/[2001:db8::21]:9000", "api_pool/10.0.2.22:9000", "api_pool/unix:/run/api/api.sock",
    "php/127.0.0.1:9001",
  ]);
  assert.deepEqual(p.notes.filter((n) => n.level === "error"), []);

  // connect from http{}, read from server{} ("1m30s"); the suggested probe is Varnish's default.
  const app1 = byName(p.backends, "shop_app/10.0.1.11:8080");
  assert.deepEqual([app1.address, app1.host, app1.port, app1.source.line], ["10.0.1.11:8080", "10.0.1.11", 8080, 29]);
  assert.deepEqual(app1.tags, ["nginx-upstream:shop_app"]);
  assert.deepEqual(app1.timeouts, { connectMs: 5000, firstByteMs: 90_000, betweenBytesMs: 90_000 });
  assert.deepEqual(app1.probe, SUGGESTED_HTTP);
  assert.deepEqual(byName(p.backends, "shop_app/10.0.1.13:8080").tags, ["nginx-upstream:shop_app", "backup"]);

  // The location overrides both; '10s' is quoted in the file.
  const v6 = byName(p.backends, "api_pool/[2001:db8::21]:9000");
  assert.deepEqual([v6.host, v6.port], ["2001:db8::21", 9000]);
  assert.deepEqual(v6.timeouts, { connectMs: 2000, firstByteMs: 10_000, betweenBytesMs: 10_000 });
  assert.deepEqual(byName(p.backends, "api_pool/10.0.2.22:9000").tags, ["nginx-upstream:api_pool", "down"]);
  const sock = byName(p.backends, "api_pool/unix:/run/api/api.sock");
  assert.deepEqual([sock.address, sock.host, sock.port], ["/run/api/api.sock", "/run/api/api.sock", undefined]);

  // Reached through fastcgi_pass: fastcgi_* defaults, and a TCP probe since PHP-FPM does not speak HTTP.
  const php = byName(p.backends, "php/127.0.0.1:9001");
  assert.deepEqual(php.timeouts, { connectMs: 60_000, firstByteMs: 60_000, betweenBytesMs: 60_000 });
  assert.equal(php.probe?.kind, "tcp");

  const all = messages(p);
  assert.ok(all.includes("include mime.types.d/*.conf not followed; import that file separately"));
  assert.ok(all.includes("proxy_pass to 127.0.0.1:8081 is not an upstream block; add it by hand if it is an origin"));
  assert.ok(all.includes('nginx upstream "shop_app" (least_conn) groups servers 10.0.1.11:8080, 10.0.1.12:8080, 10.0.1.13:8080'));
  assert.ok(all.includes("shop_app: 10.0.1.11:8080, 10.0.1.12:8080: skipped for 30s after 3 failed attempt(s) within 30s (nginx passive health)"));
  assert.ok(all.includes("api_pool: /run/api/api.sock: passive checks off (max_fails=0) (nginx passive health)"));
  assert.ok(all.includes("shop_app: nginx OSS has no active health checks; each server gets a suggested HTTP GET / probe with Varnish's default timing; check it before saving"));
  assert.ok(all.includes("php: nginx defaults apply for fastcgi_connect_timeout 60s, fastcgi_read_timeout 60s"));
  assert.ok(!all.some((m) => m.includes("wasm")), "included file is not read");
});

test("a bare pasted upstream: default port 80 and nginx's default timeouts", () => {
  const p = parseNginx(fixture("nginx-pasted-upstream.conf"));
  assert.deepEqual(p.backends.map((b) => b.address), ["192.0.2.61:8000", "192.0.2.62:8000", "192.0.2.63:80"]);
  assert.deepEqual(p.backends[2].timeouts, { connectMs: 60_000, firstByteMs: 60_000, betweenBytesMs: 60_000 });
  const all = messages(p);
  assert.ok(all.includes("legacy_backend: nginx defaults apply for proxy_connect_timeout 60s, proxy_read_timeout 60s"));
  assert.ok(all.includes('nginx upstream "legacy_backend" (ip_hash) groups servers 192.0.2.61:8000, 192.0.2.62:8000, 192.0.2.63:80'));
  assert.ok(all.includes("legacy_backend: nothing in this http config passes requests to it; timeouts come from the enclosing block"));
});

test("stream upstreams get TCP probes and proxy_timeout; a port is required", () => {
  const p = parseNginx(`stream {
  proxy_connect_timeout 3s;
  proxy_timeout 5m;
  upstream pg { server 10.0.5.1:5432; server 10.0.5.2; }
  server { listen 5432; proxy_pass pg; }
}`);
  assert.equal(p.backends.length, 1);
  assert.deepEqual(p.backends[0].timeouts, { connectMs: 3000, firstByteMs: 300_000, betweenBytesMs: 300_000 });
  assert.deepEqual(p.backends[0].probe, { kind: "tcp", intervalMs: 5000, timeoutMs: 2000, window: 8, threshold: 3, initial: 2 });
  assert.ok(messages(p).includes('upstream "pg": stream server "10.0.5.2" needs a port; skipped'));
});

test("upstream declared after its proxy_pass; conflicting timeouts; variables; NGINX Plus and module directives", () => {
  const p = parseNginx(`http {
  server {
    location /a { proxy_read_timeout 5s; proxy_pass http://late/; }
    location /b { proxy_read_timeout 7s; proxy_pass https://late; health_check; }
    location /c { proxy_pass http://$backend_host; }
  }
  upstream late {
    server app.internal:8080;
    check interval=3000 rise=2 fall=5 timeout=1000 type=http;
  }
}`);
  assert.equal(p.backends[0].timeouts.firstByteMs, 5000);
  const all = messages(p);
  assert.ok(all.includes("late is passed to with different timeouts in different places; the first (line 3) is used"));
  assert.ok(all.includes("proxy_pass $backend_host uses variables; its upstream cannot be told"));
  assert.ok(all.includes("health_check (NGINX Plus) is not read; suggested probes are used instead"));
  assert.ok(all.includes('upstream directive "check" not understood; ignored'));
});

test("syntax: quotes, comments, variables with braces, and errors with lines", () => {
  const ok = parseNginx(`# {
upstream u { server 10.0.0.1:80; } # }
server {
  set $x "a { b } ; c # d";
  set $y '\\'';
  location / { proxy_pass http://u; add_header X-Test "\${x}y"; }
}`);
  assert.equal(ok.backends.length, 1);
  assert.deepEqual(ok.notes.filter((n) => n.level !== "info"), []);

  const unclosed = parseNginx("http {\n  upstream a { server 10.0.0.1:80; }\n  upstream b {\n    server 10.0.0.2:80;\n");
  assert.deepEqual(unclosed.backends.map((b) => b.name), ["a/10.0.0.1:80", "b/10.0.0.2:80"]);
  assert.equal(unclosed.notes.find((n) => n.level === "error")?.message, 'syntax error: unexpected end of file, expected "}" to close "upstream" opened at line 3');

  const extra = parseNginx("upstream a { server 10.0.0.1:80; }\n}\nupstream b { server 10.0.0.2:80; }");
  assert.deepEqual(extra.backends.map((b) => b.name), ["a/10.0.0.1:80"]);
  assert.deepEqual(extra.notes.filter((n) => n.level === "error").map((n) => [n.line, n.column, n.message]), [[2, 1, 'syntax error: unexpected "}"']]);

  const semi = parseNginx("upstream a {\n  server 10.0.0.1:80\n}");
  assert.equal(semi.notes.find((n) => n.level === "error")?.line, 3);
});

test("nginx time syntax", () => {
  assert.equal(parseNginxTime("30"), 30_000);
  assert.equal(parseNginxTime("500ms"), 500);
  assert.equal(parseNginxTime("1m30s"), 90_000);
  assert.equal(parseNginxTime("1h"), 3_600_000);
  assert.equal(parseNginxTime("2d"), 172_800_000);
  assert.equal(parseNginxTime("1w"), 604_800_000);
  assert.equal(parseNginxTime("1M"), 2_592_000_000);
  assert.equal(parseNginxTime("1y"), 31_536_000_000);
  assert.equal(parseNginxTime("fast"), null);
  assert.equal(parseNginxTime(""), null);
});

test("nginx -t accepts the fixtures", { skip: !existsSync(NGINX) && "nginx not installed" }, () => {
  const prefix = mkdtempSync(join(tmpdir(), "ow-nginx-"));
  try {
    mkdirSync(join(prefix, "tmp"));
    const check = (conf: string) => spawnSync(NGINX, ["-t", "-c", conf, "-p", prefix, "-e", join(prefix, "error.log")], { encoding: "utf8" });
    const main = check(join(FIXTURES, "nginx.conf"));
    assert.equal(main.status, 0, main.stderr);
    // A pasted upstream is only valid inside http{}: wrap it the way a user's config would hold it.
    const wrapper = join(prefix, "wrapper.conf");
    writeFileSync(wrapper, `pid nginx.pid;\nevents {}\nhttp {\n  include ${join(FIXTURES, "nginx-pasted-upstream.conf")};\n}\n`);
    const pasted = check(wrapper);
    assert.equal(pasted.status, 0, pasted.stderr);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});
