import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { egressConfig } from "@/lib/config/env";
import { embeddedIpv4, formatIp, parseCidr, parseIp } from "@/lib/ip/cidr";
import { EgressPolicy, connectChecked, isEgressDenied, requestChecked, type Resolver } from "@/lib/net/egress";
import { isAppError } from "@/lib/errors/app-error";

const builtIn = new EgressPolicy();
const rule = (policy: EgressPolicy, host: string) => policy.checkHost(host)?.rule;

test("CIDRs: IPv4 and IPv6, host bits cleared, bare addresses are single hosts, junk refused", () => {
  assert.equal(parseCidr("10.1.2.3/8")?.text, "10.0.0.0/8");
  assert.equal(parseCidr("fd00:ec2::254")?.text, "fd00:ec2::254/128");
  assert.equal(parseCidr("fe80::1/10")?.text, "fe80::/10");
  assert.equal(parseCidr("::/0")?.text, "::/0");
  for (const bad of ["10.0.0.0/33", "fe80::/129", "10.0.0/8", "example.com/8", "10.0.0.0/8/1", "10.0.0.0/x", ""]) {
    assert.equal(parseCidr(bad), null, bad);
  }
  assert.equal(formatIp(parseIp("[2001:db8:0:0:1:0:0:1]")!), "2001:db8::1:0:0:1");
  assert.equal(formatIp(parseIp("fe80::1%eth0")!), "fe80::1");
  assert.equal(parseIp("metadata.google.internal"), null);
});

test("IPv6 forms that carry an IPv4 address are read as that address", () => {
  const inner = (text: string) => {
    const found = embeddedIpv4(parseIp(text)!);
    return found && `${found.form} ${formatIp(found.ip)}`;
  };
  assert.equal(inner("::ffff:169.254.169.254"), "IPv4-mapped 169.254.169.254");
  assert.equal(inner("::ffff:a9fe:a9fe"), "IPv4-mapped 169.254.169.254");
  assert.equal(inner("64:ff9b::a9fe:a9fe"), "NAT64 169.254.169.254");
  assert.equal(inner("2002:a9fe:a9fe::1"), "6to4 169.254.169.254");
  assert.equal(inner("::169.254.169.254"), "IPv4-compatible 169.254.169.254");
  assert.equal(inner("::1"), null);
  assert.equal(inner("::"), null);
  assert.equal(inner("2001:db8::1"), null);
});

test("built-in rules deny metadata, link-local, unspecified, multicast and broadcast; loopback and private stay allowed", () => {
  const denied: [string, string][] = [
    ["169.254.169.254", "169.254.0.0/16"],
    ["[::ffff:169.254.169.254]", "169.254.0.0/16"],
    ["::ffff:a9fe:a9fe", "169.254.0.0/16"],
    ["64:ff9b::169.254.169.254", "169.254.0.0/16"],
    ["2002:a9fe:a9fe::", "169.254.0.0/16"],
    ["fd00:ec2::254", "fd00:ec2::254/128"],
    ["[fe80::1%25eth0]", "fe80::/10"],
    ["0.0.0.0", "0.0.0.0/8"],
    ["::", "::/128"],
    ["::ffff:0.0.0.0", "0.0.0.0/8"],
    ["224.0.0.1", "224.0.0.0/4"],
    ["ff02::1", "ff00::/8"],
    ["255.255.255.255", "255.255.255.255/32"],
    ["100.100.100.200", "100.100.100.200/32"],
    ["metadata.google.internal", "metadata name"],
    ["METADATA.GOOGLE.INTERNAL.", "metadata name"],
  ];
  for (const [host, expected] of denied) assert.equal(rule(builtIn, host), expected, host);
  for (const host of ["127.0.0.1", "::1", "10.0.0.5", "172.16.0.1", "192.168.1.1", "fd12::1", "[::ffff:127.0.0.1]", "8.8.8.8", "localhost", "origin.internal"]) {
    assert.equal(builtIn.checkHost(host), undefined, host);
  }
});

test("a denial names the rule and who can change it", () => {
  assert.equal(
    builtIn.checkHost("169.254.169.254")?.reason,
    "169.254.169.254 is in 169.254.0.0/16 (link-local and cloud metadata), which the egress policy denies; an operator can allow it with EGRESS_ALLOW",
  );
  assert.match(builtIn.checkHost("[::ffff:a9fe:a9fe]")?.reason ?? "", /^::ffff:a9fe:a9fe \(IPv4-mapped 169\.254\.169\.254\) is in 169\.254\.0\.0\/16/);
  const narrowed = new EgressPolicy({ allow: [], deny: ["127.0.0.0/8"] });
  assert.equal(narrowed.checkHost("127.0.0.1")?.reason, "127.0.0.1 is in 127.0.0.0/8, which EGRESS_DENY denies");
});

test("precedence: the most specific range decides; at equal length the operator's rule, then deny, wins", () => {
  // EGRESS_DENY narrows what is allowed by default, EGRESS_ALLOW re-opens a part of it.
  const policy = new EgressPolicy({ deny: ["10.0.0.0/8", "127.0.0.0/8"], allow: ["10.1.2.0/24", "169.254.169.254/32"] });
  assert.equal(rule(policy, "10.9.9.9"), "10.0.0.0/8");
  assert.equal(rule(policy, "10.1.2.3"), undefined);
  assert.equal(rule(policy, "127.0.0.1"), "127.0.0.0/8");
  assert.equal(rule(policy, "::ffff:127.0.0.1"), "127.0.0.0/8", "a mapped form of a denied address is denied");
  // Metadata needs its own explicit allow: a wide allow does not reach inside a narrower deny.
  assert.equal(rule(policy, "169.254.169.254"), undefined);
  assert.equal(rule(policy, "169.254.1.1"), "169.254.0.0/16");
  assert.equal(rule(new EgressPolicy({ deny: [], allow: ["0.0.0.0/0", "::/0"] }), "169.254.169.254"), "169.254.0.0/16");
  // Allowing the whole built-in range works (an operator's rule beats a built-in one of equal length).
  assert.equal(rule(new EgressPolicy({ deny: [], allow: ["169.254.0.0/16"] }), "169.254.169.254"), undefined);
  // Deny beats allow at equal length; an allow-list is a deny of everything plus allows.
  assert.equal(rule(new EgressPolicy({ deny: ["10.0.0.0/8"], allow: ["10.0.0.0/8"] }), "10.0.0.1"), "10.0.0.0/8");
  const allowList = new EgressPolicy({ deny: ["0.0.0.0/0", "::/0"], allow: ["10.0.0.0/8"] });
  assert.equal(rule(allowList, "10.2.3.4"), undefined);
  assert.equal(rule(allowList, "192.168.0.1"), "0.0.0.0/0");
  // Names are refused by name; an address allow does not re-open a metadata name.
  assert.equal(rule(policy, "metadata.google.internal"), "metadata name");
});

test("EGRESS_ALLOW / EGRESS_DENY are parsed as CIDR lists; a bad entry stops start-up naming it", () => {
  assert.deepEqual(egressConfig({}), { allow: [], deny: [] });
  assert.deepEqual(egressConfig({ EGRESS_DENY: " 127.0.0.0/8, ::1 ,", EGRESS_ALLOW: "169.254.169.254" }), {
    deny: ["127.0.0.0/8", "::1/128"],
    allow: ["169.254.169.254/32"],
  });
  assert.throws(
    () => egressConfig({ EGRESS_DENY: "10.0.0.0/8,intranet" }),
    (e: unknown) => isAppError(e) && e.code === "config" && /EGRESS_DENY: "intranet" is not an IP range/.test(e.message),
  );
});

test("names are checked after resolving: every address, through the same lookup the socket uses", async () => {
  const answers: Record<string, string[]> = { "rebind.test": ["10.0.0.7", "169.254.169.254"], "ok.test": ["10.0.0.8"], "mapped.test": ["::ffff:169.254.169.254"] };
  const resolve: Resolver = async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  const policy = new EgressPolicy(undefined, { resolve });
  await assert.rejects(policy.resolveChecked("rebind.test"), (e: unknown) =>
    isEgressDenied(e) && e.message === "rebind.test resolves to 169.254.169.254, and that is in 169.254.0.0/16 (link-local and cloud metadata), which the egress policy denies; an operator can allow it with EGRESS_ALLOW");
  await assert.rejects(policy.resolveChecked("mapped.test"), (e: unknown) => isEgressDenied(e) && e.denial.rule === "169.254.0.0/16");
  assert.deepEqual(await policy.resolveChecked("ok.test"), [{ address: "10.0.0.8", family: 4 }]);
  await assert.rejects(policy.resolveChecked("nowhere.test"), { code: "ENOTFOUND" });

  // The lookup node calls when it connects (one address, or all of them for happy eyeballs).
  const one = await new Promise<unknown[]>((done) => policy.lookup("ok.test", {}, (...args) => done(args)));
  assert.deepEqual(one, [null, "10.0.0.8", 4]);
  const denied = await new Promise<unknown[]>((done) => policy.lookup("rebind.test", { all: true }, (...args) => done(args)));
  assert.ok(isEgressDenied(denied[0]));
});

test("connectChecked and requestChecked refuse a denied literal before any socket and a denied name at connect time", async (t) => {
  const listener = createServer((socket) => socket.end());
  await new Promise<void>((done) => listener.listen(0, "127.0.0.1", done));
  t.after(() => listener.close());
  const port = (listener.address() as AddressInfo).port;
  const narrowed = new EgressPolicy({ allow: [], deny: ["127.0.0.0/8"] }, { resolve: async () => [{ address: "127.0.0.1", family: 4 }] });

  assert.throws(() => connectChecked(narrowed, { host: "127.0.0.1", port }), (e: unknown) => isEgressDenied(e) && e.denial.rule === "127.0.0.0/8");
  assert.throws(() => requestChecked(builtIn, new URL("http://[::ffff:169.254.169.254]/latest/meta-data/"), {}), isEgressDenied);
  assert.throws(() => requestChecked(builtIn, new URL("http://metadata.google.internal/"), {}), isEgressDenied);

  // A name is only known after resolving: the socket fails with the policy's error, never connects.
  const socket = connectChecked(narrowed, { host: "origin.test", port });
  const outcome = await new Promise<string>((done) => {
    socket.once("connect", () => done("connected"));
    socket.once("error", (e) => done(isEgressDenied(e) ? e.denial.reason : `other: ${e.message}`));
  });
  socket.destroy();
  assert.equal(outcome, "origin.test resolves to 127.0.0.1, and that is in 127.0.0.0/8, which EGRESS_DENY denies");

  // Allowed: the checked address is the one connected to.
  const allowed = new EgressPolicy(undefined, { resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
  const ok = connectChecked(allowed, { host: "origin.test", port });
  const connected = await new Promise<string>((done) => {
    ok.once("connect", () => done(ok.remoteAddress ?? "?"));
    ok.once("error", (e) => done(`error: ${e.message}`));
  });
  ok.destroy();
  assert.equal(connected, "127.0.0.1");
});
