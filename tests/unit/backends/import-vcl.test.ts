import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseVcl } from "@/lib/backends/import/vcl";
import { ImportPreview, type ImportedBackend } from "@/lib/backends/import/types";

const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const VARNISHD = "/usr/sbin/varnishd";

function byName(backends: ImportedBackend[], name: string): ImportedBackend {
  const b = backends.find((x) => x.name === name);
  assert.ok(b, `backend ${name} imported`);
  return b;
}
const messages = (p: ImportPreview, level?: string) => p.notes.filter((n) => !level || n.level === level).map((n) => n.message);

test("shop.vcl (VCL 4.1): backends, named and inline probes, unix socket, directors", () => {
  const p = ImportPreview.parse(parseVcl(fixture("shop.vcl")));
  assert.deepEqual(p.backends.map((b) => b.name), ["app1", "app2", "app3", "images", "search_a", "search_b"]);
  assert.deepEqual(messages(p, "error"), []);

  const app1 = byName(p.backends, "app1");
  assert.equal(app1.address, "10.0.1.11:8080");
  assert.equal(app1.host, "10.0.1.11");
  assert.equal(app1.port, 8080);
  assert.deepEqual(app1.timeouts, { connectMs: 1500, firstByteMs: 30_000, betweenBytesMs: 10_000 });
  assert.deepEqual(app1.probe, {
    kind: "http", path: "/health", method: "GET", host: "10.0.1.11", expectedStatus: 200,
    intervalMs: 5000, timeoutMs: 2000, window: 8, threshold: 3, initial: 2,
  });
  assert.equal(app1.source.line, 21);
  assert.deepEqual(app1.tags, ["vcl-director:shop", "vcl-director:primary"]);

  // Tabs, no spaces, "1500ms", "30 s" with a space, and the default between_bytes_timeout.
  const app2 = byName(p.backends, "app2");
  assert.deepEqual(app2.timeouts, { connectMs: 1500, firstByteMs: 30_000, betweenBytesMs: 60_000 });
  assert.ok(messages(p).includes('backend "app2" uses Varnish defaults for between_bytes_timeout 60s (varnishd -p may change them)'));

  // Inline probe with a raw .request: method, path and Host come from the request lines.
  const app3 = byName(p.backends, "app3");
  assert.deepEqual(app3.probe, {
    kind: "http", path: "/healthz?deep=1", method: "GET", host: "shop.example.com", expectedStatus: 204,
    intervalMs: 10_000, timeoutMs: 3000, window: 5, threshold: 4, initial: 3,
  });

  const images = byName(p.backends, "images");
  assert.equal(images.address, "/var/run/imgproxy.sock");
  assert.equal(images.host, "/var/run/imgproxy.sock");
  assert.equal(images.port, undefined);
  assert.equal(images.probe?.path, "/ping");
  assert.equal(images.probe?.host, undefined);
  assert.deepEqual(images.tags, ["vcl-director:primary"]);

  assert.equal(byName(p.backends, "search_b").timeouts.firstByteMs, 120_000);
  assert.deepEqual(byName(p.backends, "search_a").tags, ["vcl-director:search"]);
  assert.equal(byName(p.backends, "search_a").probe, undefined);

  const all = messages(p);
  assert.ok(all.includes('include "./shared/purge-acl.vcl" not followed; import that file separately'));
  assert.ok(all.includes('director "shop" (round_robin) groups backends app1, app2, app3'));
  assert.ok(all.includes('director "search" (hash) groups backends search_a, search_b'));
  assert.ok(all.includes('director "primary" (fallback) groups backends images and directors shop'));
  assert.ok(all.includes('backend "maintenance" is declared "none" (no address); skipped'));
  const include = p.notes.find((n) => n.message.startsWith("include"));
  assert.deepEqual([include?.level, include?.line, include?.column], ["warning", 8, 1]);
});

test("legacy-4.0.vcl (VCL 4.0): .request probe, default port, IPv6, random director", () => {
  const p = parseVcl(fixture("legacy-4.0.vcl"));
  assert.deepEqual(p.backends.map((b) => b.name), ["api_1", "api_2", "api_legacy_v6"]);
  assert.ok(messages(p, "info").includes("VCL 4.0"));
  const api2 = byName(p.backends, "api_2");
  assert.equal(api2.address, "192.168.10.6:80");
  assert.ok(messages(p).includes('backend "api_2" has no .port; Varnish uses 80'));
  assert.deepEqual(api2.probe, {
    kind: "http", path: "/status", method: "HEAD", host: "api.internal", expectedStatus: 200,
    intervalMs: 2000, timeoutMs: 1000, window: 4, threshold: 2, initial: 1,
  });
  assert.deepEqual(api2.timeouts, { connectMs: 3500, firstByteMs: 60_000, betweenBytesMs: 60_000 });
  const v6 = byName(p.backends, "api_legacy_v6");
  assert.deepEqual([v6.address, v6.host, v6.port], ["[::1]:8081", "::1", 8081]);
  assert.ok(messages(p).includes('director "api" (random) groups backends api_1, api_2'));
});

test("broken.vcl: the syntax error names line, column and the open block; earlier backends stay", () => {
  const p = parseVcl(fixture("broken.vcl"));
  assert.deepEqual(p.backends.map((b) => b.name), ["web1", "web2"]);
  const errors = p.notes.filter((n) => n.level === "error");
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 17);
  assert.equal(errors[0].column, 1);
  assert.equal(errors[0].message, 'syntax error: expected "}" to close backend "web3" opened at line 13, found "backend"');
});

test("a named probe may be declared after the backend that uses it; an unknown one is reported", () => {
  const p = parseVcl(`vcl 4.1;
backend a { .host = "10.0.0.1"; .port = "81"; .probe = later; }
backend b { .host = "10.0.0.2"; .probe = missing; }
probe later { .url = "/up"; .threshold = 5; .window = 10; }`);
  assert.deepEqual(p.backends[0].probe, {
    kind: "http", path: "/up", method: "GET", host: "10.0.0.1", expectedStatus: 200,
    intervalMs: 5000, timeoutMs: 2000, window: 10, threshold: 5, initial: 4,
  });
  assert.equal(p.backends[1].probe, undefined);
  const warn = p.notes.find((n) => n.message.includes('"missing"'));
  assert.deepEqual([warn?.level, warn?.line, warn?.column], ["warning", 3, 42]);
});

test("Varnish defaults fill a probe that sets nothing but the url", () => {
  const p = parseVcl('vcl 4.1; backend a { .host = "h"; .host_header = "www.example.com"; .probe = { .url = "/"; } }');
  assert.deepEqual(p.backends[0].probe, {
    kind: "http", path: "/", method: "GET", host: "www.example.com", expectedStatus: 200,
    intervalMs: 5000, timeoutMs: 2000, window: 8, threshold: 3, initial: 2,
  });
});

test("duration units ms, s, m, h, d, w, y and fractions", () => {
  const p = parseVcl(`vcl 4.1;
backend a { .host = "h"; .connect_timeout = 0.5s; .first_byte_timeout = 2m; .between_bytes_timeout = 1h;
  .probe = { .interval = 1d; .timeout = 250ms; } }
backend b { .host = "h"; .connect_timeout = 1w; .first_byte_timeout = 1y; }`);
  assert.deepEqual(p.backends[0].timeouts, { connectMs: 500, firstByteMs: 120_000, betweenBytesMs: 3_600_000 });
  assert.equal(p.backends[0].probe?.intervalMs, 86_400_000);
  assert.equal(p.backends[0].probe?.timeoutMs, 250);
  assert.equal(p.backends[1].timeouts.connectMs, 604_800_000);
  assert.equal(p.backends[1].timeouts.firstByteMs, 31_536_000_000);
});

test("unknown attributes are reported with line and column and skipped, block values too", () => {
  const p = parseVcl(`vcl 4.1;
backend web {
    .host = "10.0.0.1";
    .foo = "bar";
    .tls = { .verify = true; };
    .probe = { .url = "/"; .bogus = 1; }
}`);
  assert.equal(p.backends.length, 1);
  const notes = p.notes.filter((n) => n.level === "warning");
  assert.deepEqual(notes.map((n) => [n.line, n.column, n.message]), [
    [4, 6, 'unknown backend attribute ".foo"'],
    [5, 6, 'unknown backend attribute ".tls"'],
    [6, 29, 'unknown probe attribute ".bogus"'],
  ]);
});

test("comments, long strings and inline C with braces never confuse sub skipping", () => {
  const p = parseVcl(`vcl 4.1; # }
// {
/* } { */
backend a { .host = "10.0.0.1"; }
sub vcl_recv {
  if (req.url ~ "}") { return (synth(200, "{")); } # }
  set req.http.x = {"a } b { c"};
  set req.http.y = """ } """;
  C{ if (1) { } } }C
  // }
}
backend b { .host = "10.0.0.2"; }
sub vcl_deliver { /* { */ }`);
  assert.deepEqual(p.backends.map((b) => b.name), ["a", "b"]);
  assert.deepEqual(p.notes.filter((n) => n.level !== "info"), []);
});

test("tokenizer errors stop the parse at the right place", () => {
  const string = parseVcl('vcl 4.1;\nbackend a { .host = "10.0.0.1"; }\nbackend b { .host = "oops;\n}');
  assert.deepEqual(string.backends.map((b) => b.name), ["a"]);
  assert.deepEqual(string.notes.filter((n) => n.level === "error").map((n) => [n.line, n.column, n.message]),
    [[3, 21, "syntax error: unterminated string opened at line 3"]]);
  const comment = parseVcl('vcl 4.1;\n/* never closed\nbackend a { .host = "h"; }');
  assert.equal(comment.notes.find((n) => n.level === "error")?.message, "syntax error: unterminated comment opened at line 2");
});

test("a missing semicolon and VCL 3 directors give clear messages", () => {
  const semi = parseVcl('vcl 4.1;\nbackend a {\n  .host = "h"\n}');
  assert.equal(semi.notes.find((n) => n.level === "error")?.message, 'syntax error: expected ";" after the value of ".host", found "}"');
  const v3 = parseVcl('backend a { .host = "h"; }\ndirector d round-robin { { .backend = a; } }');
  const err = v3.notes.find((n) => n.level === "error");
  assert.equal(err?.line, 2);
  assert.match(err?.message ?? "", /VCL 3/);
  assert.deepEqual(v3.backends.map((b) => b.name), ["a"]);
});

test("missing vcl line, missing import directors, unknown members and director cycles", () => {
  const p = parseVcl(`backend a { .host = "h"; }
sub vcl_init {
  new x = directors.round_robin();
  x.add_backend(a);
  x.add_backend(nope);
  new y = directors.fallback();
  y.add_backend(x.backend());
  x.add_backend(y.backend());
  new s = directors.shard();
  s.add_backend(backend = a, ident = "one");
  new dyn = dynamic.director(port = "80");
}`);
  const all = messages(p);
  assert.ok(all.some((m) => m.startsWith('no "vcl 4.0;" or "vcl 4.1;" line')));
  assert.ok(all.includes('directors are created but "import directors;" is missing'));
  assert.ok(all.includes('director "x" adds "nope", which is neither a backend nor a director'));
  assert.ok(all.includes('object "dyn" = dynamic.director() is not read; only vmod_directors directors are imported'));
  assert.deepEqual(p.backends[0].tags, ["vcl-director:x", "vcl-director:y", "vcl-director:s"]);
});

test("varnishd compiles the VCL fixtures and rejects broken.vcl at the same line", { skip: !existsSync(VARNISHD) && "varnishd not installed" }, () => {
  const workdir = mkdtempSync(join(tmpdir(), "ow-varnish-"));
  chmodSync(workdir, 0o755); // varnishd compiles as its own unprivileged user when run as root
  try {
    const compile = (file: string) => spawnSync(VARNISHD, ["-C", "-n", workdir, "-f", join(FIXTURES, file)], { encoding: "utf8" });
    for (const file of ["shop.vcl", "legacy-4.0.vcl"]) {
      const r = compile(file);
      assert.equal(r.status, 0, `${file}: ${r.stderr.slice(0, 2000)}`);
    }
    const broken = compile("broken.vcl");
    assert.notEqual(broken.status, 0);
    assert.match(broken.stderr, /Line 17 Pos 1/);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
});
