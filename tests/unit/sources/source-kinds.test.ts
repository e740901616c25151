// The Sources page teaches the README's "Sending proxy logs" section: its suggested formats must
// compile, carry the evidence the README names, and its commands must be the README's, filled in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileFormat } from "@/lib/ingest/formats/registry";
import { PROXY_KINDS } from "@/lib/ingest/types";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import { shipCommands } from "@/components/sources/shipping";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

test("every suggested format compiles for its proxy", () => {
  for (const kind of PROXY_KINDS) assert.doesNotThrow(() => compileFormat(kind, KIND_GUIDES[kind].recommended), kind);
});

test("the suggested formats carry the evidence the README tells people to log", () => {
  assert.ok(readme.includes(`--format '${KIND_GUIDES.varnish.recommended}'`), "the README's varnishncsa format, verbatim");
  assert.ok(readme.includes(KIND_GUIDES.json.recommended), "the README's JSON mapping, verbatim");
  for (const variable of ["$proxy_host", "$upstream_addr", "$upstream_status", "$upstream_connect_time", "$upstream_header_time", "$upstream_response_time", "$request_time"]) {
    assert.ok(KIND_GUIDES.nginx.recommended.includes(variable), variable);
    assert.ok(readme.includes(variable), `${variable} in the README`);
  }
  for (const operator of ["%RESPONSE_FLAGS%", "%RESPONSE_CODE_DETAILS%"]) assert.ok(KIND_GUIDES.envoy.recommended.includes(operator), operator);
  for (const specifier of ["%tsc", "%TR/%Tw/%Tc/%Tr/%Ta"]) assert.ok(KIND_GUIDES.haproxy.recommended.includes(specifier), specifier);
});

test("a suggested line of evidence is read as evidence, not dropped", () => {
  const nginx = compileFormat("nginx", KIND_GUIDES.nginx.recommended).parse(
    '10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /a HTTP/1.1" 502 157 "-" "curl/8" api 10.0.1.5:8080 502 0.001 0.010 0.010 0.025',
  );
  assert.ok(nginx.ok && nginx.kind === "request" && nginx.request.evidence.nginxUpstreamStatus === "502");
  assert.equal(nginx.request.backend, "api", "$proxy_host names the backend, not its address");
});

test("the shipping commands are the README's, with this server's address and the source's token", () => {
  const token = "ow_src_abc123";
  const http = shipCommands("http://watch.local:3000", "nginx", token, null);
  assert.equal(
    http.curl,
    `curl -X POST http://watch.local:3000/api/v1/ingest -H "Authorization: Bearer ${token}" \\\n  -H 'Content-Type: text/plain' --data-binary @/var/log/nginx/access.log`,
  );
  assert.equal(
    http.shipper,
    `curl -fsSL http://watch.local:3000/api/v1/shipper.mjs -o /usr/local/bin/originwatch-shipper.mjs\nnode /usr/local/bin/originwatch-shipper.mjs --url http://watch.local:3000 --token ${token} --follow /var/log/nginx/access.log /var/log/nginx/error.log`,
  );
  assert.match(http.systemd, /ExecStart=\/usr\/bin\/env node \/usr\/local\/bin\/originwatch-shipper\.mjs --url http:\/\/watch\.local:3000 --follow \/var\/log\/nginx\/access\.log/);
  assert.match(http.systemd, /EnvironmentFile=\/etc\/originwatch-shipper\.env/);
  assert.doesNotMatch(http.systemd.split("[Unit]")[1]!, new RegExp(token), "the token stays out of the world-readable unit");
  assert.match(http.vector, /uri = "http:\/\/watch\.local:3000\/api\/v1\/ingest"/);
  assert.match(http.vector, new RegExp(`auth\\.token = "${token}"`));
  assert.match(http.fluentBit, /Host {11}watch\.local\n {4}Port {11}3000\n/);
  assert.doesNotMatch(http.fluentBit, /tls/);
  assert.equal(http.proxy, null, "no log_format to write when the source uses nginx's default");

  const https = shipCommands("https://watch.example.com", "varnish", token, `%h "%{VSL:FetchError}x" it's`);
  assert.match(https.fluentBit, /Port {11}443\n[\s\S]*tls {12}On/);
  assert.equal(https.proxy, `varnishncsa -b -c -a -w /var/log/varnish/varnishncsa.log -F '%h "%{VSL:FetchError}x" it'\\''s'`);

  // A JSON source keeps Fluent Bit's record whole, so the tail input parses each line into it.
  assert.match(shipCommands("http://w:3000", "json", token, null).fluentBit, /Parser json/);
});
