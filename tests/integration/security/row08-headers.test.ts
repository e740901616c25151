// Issue #9, row 8: security headers. Against the real server: every page carries a
// Content-Security-Policy with a fresh nonce that Next stamps on each of its scripts (and no
// 'unsafe-eval'), framing and sniffing are refused, referrers trimmed, powerful features off;
// API answers and assets get the same static set with a policy that allows nothing; HSTS (and
// upgrade-insecure-requests) only when the public URL is https.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { signIn, startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s?.stop();
});

/** The policy's directives by name, e.g. { "script-src": ["'self'", "'nonce-…'"] }. */
function directives(policy: string | null): Record<string, string[]> {
  assert.ok(policy, "no Content-Security-Policy header");
  const out: Record<string, string[]> = {};
  for (const part of policy.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

function assertCommon(r: Response, what: string) {
  assert.equal(r.headers.get("x-content-type-options"), "nosniff", what);
  assert.equal(r.headers.get("x-frame-options"), "DENY", what);
  assert.equal(r.headers.get("referrer-policy"), "strict-origin-when-cross-origin", what);
  const pp = r.headers.get("permissions-policy") ?? "";
  for (const feature of ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]) assert.ok(pp.includes(feature), `${what}: Permissions-Policy lacks ${feature}: ${pp}`);
  assert.deepEqual(directives(r.headers.get("content-security-policy"))["frame-ancestors"], ["'none'"], what);
}

/** Checks a page's policy and that every script in its HTML carries the policy's nonce. */
async function assertPage(r: Response, what: string): Promise<string> {
  assert.equal(r.status, 200, what);
  assertCommon(r, what);
  const policy = r.headers.get("content-security-policy");
  const d = directives(policy);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(d["script-src"]?.find((v) => v.startsWith("'nonce-")) ?? "")?.[1];
  assert.ok(nonce, `${what}: no nonce in script-src: ${policy}`);
  assert.ok(d["script-src"]!.includes("'strict-dynamic'"), `${what}: ${policy}`);
  assert.ok(!policy!.includes("'unsafe-eval'"), `${what}: unsafe-eval in production: ${policy}`);
  assert.ok(!d["script-src"]!.includes("'unsafe-inline'"), `${what}: ${policy}`);
  assert.ok(!(d["style-src"] ?? []).includes("'unsafe-inline'"), `${what}: style elements need the nonce: ${policy}`);
  assert.deepEqual(d["connect-src"], ["'self'"], what);
  assert.deepEqual(d["object-src"], ["'none'"], what);
  assert.equal(r.headers.get("strict-transport-security"), null, `${what}: HSTS on a plain-http install`);
  assert.equal(d["upgrade-insecure-requests"], undefined, `${what}: would break a plain-http install`);
  const html = await r.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.ok(scripts.length > 0, `${what}: no scripts in the page`);
  for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${what}: a script without the nonce: ${tag}`);
  assert.ok(!/\son[a-z]+=["']/i.test(html.replace(/<script\b[\s\S]*?<\/script>/g, "")), `${what}: an inline event handler`);
  return nonce;
}

test("a page: nonce-based CSP without unsafe-eval, a new nonce per response, every script stamped; the other headers", async () => {
  const first = await assertPage(await fetch(`${s.baseUrl}/signin`), "/signin");
  const second = await assertPage(await fetch(`${s.baseUrl}/signin`), "/signin again");
  assert.notEqual(first, second, "the nonce must change with every response");

  const cookie = await signIn(s.baseUrl, s.owner.email, s.owner.password);
  for (const path of ["/", "/backends", "/events", "/settings/users", "/account"]) await assertPage(await fetch(`${s.baseUrl}${path}`, { headers: { cookie } }), path);
});

test("a nonce or policy sent by the client is not the one the page uses", async () => {
  const r = await fetch(`${s.baseUrl}/signin`, {
    headers: { "x-ow-nonce": "attacker-chosen", "content-security-policy": "script-src 'nonce-attacker-chosen'" },
  });
  const nonce = await assertPage(r, "/signin with forged headers");
  assert.notEqual(nonce, "attacker-chosen");
});

test("API answers and assets: nosniff, no framing, a policy that allows nothing", async () => {
  for (const [path, init] of [
    ["/api/health", {}],
    ["/api/v1/me", { headers: { authorization: `Bearer ${s.token}` } }],
    ["/api/v1/me", {}], // a 401 too
    ["/api/v1/openapi.json", {}],
  ] as const) {
    const r = await fetch(`${s.baseUrl}${path}`, init);
    await r.arrayBuffer();
    assertCommon(r, `${path} (${r.status})`);
    assert.deepEqual(directives(r.headers.get("content-security-policy"))["default-src"], ["'none'"], path);
  }
  const html = await (await fetch(`${s.baseUrl}/signin`)).text();
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(asset, "no script asset in /signin");
  const r = await fetch(`${s.baseUrl}${asset}`);
  await r.arrayBuffer();
  assert.equal(r.status, 200);
  assertCommon(r, asset);
});

test("HSTS and upgrade-insecure-requests only when NEXTAUTH_URL is https", async () => {
  const https = await startServer({ env: { NEXTAUTH_URL: "https://watch.example.test" } });
  try {
    const r = await fetch(`${https.baseUrl}/signin`);
    await r.arrayBuffer();
    assert.equal(r.headers.get("strict-transport-security"), "max-age=31536000");
    assert.deepEqual(directives(r.headers.get("content-security-policy"))["upgrade-insecure-requests"], []);
  } finally {
    await https.stop();
  }
});
