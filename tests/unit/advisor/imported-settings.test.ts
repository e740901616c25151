// The importers keep the proxy's own knobs for the advisor: HAProxy inter/fall/rise, nginx
// max_fails/fail_timeout and which X_read_timeout applies, VCL's dialect.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHaproxy, parseNginx, parseVcl } from "@/lib/backends/import";

test("nginx: max_fails, fail_timeout and the pass module; defaults when absent", () => {
  const preview = parseNginx(`
http {
  upstream app { server 10.0.0.1:8080 max_fails=1 fail_timeout=30s; server 10.0.0.2:8080; }
  upstream php { server 10.0.0.3:9000; }
  server { location / { proxy_pass http://app; proxy_read_timeout 5s; } location ~ \\.php$ { fastcgi_pass php; } }
}`);
  const byName = Object.fromEntries(preview.backends.map((b) => [b.name, b.proxy]));
  assert.deepEqual(byName["app/10.0.0.1:8080"], { dialect: "nginx", nginxModule: "proxy", maxFails: 1, failTimeoutMs: 30_000 });
  assert.deepEqual(byName["app/10.0.0.2:8080"], { dialect: "nginx", nginxModule: "proxy", maxFails: 1, failTimeoutMs: 10_000 });
  assert.equal(byName["php/10.0.0.3:9000"]?.nginxModule, "fastcgi");
});

test("HAProxy: inter/fall/rise of checked servers; VCL: the dialect", () => {
  const haproxy = parseHaproxy(`
defaults
  timeout connect 1s
  timeout server 10s
backend app
  server a 10.0.0.1:80 check inter 3s fall 2 rise 4
  server b 10.0.0.2:80
`);
  assert.deepEqual(haproxy.backends.map((b) => b.proxy), [{ dialect: "haproxy", inter: 3000, fall: 2, rise: 4 }, { dialect: "haproxy" }]);
  const vcl = parseVcl(`vcl 4.1;\nbackend shop { .host = "10.0.0.9"; .port = "8080"; .first_byte_timeout = 2s; }`);
  assert.deepEqual(vcl.backends[0]?.proxy, { dialect: "vcl" });
});
