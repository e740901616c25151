// IP addresses and CIDR ranges as numbers (IPv4 in 32 bits, IPv6 in 128), so a range test is a
// shift and a compare. Pure: the egress policy and the configuration parser both use it.
import { isIP } from "node:net";

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  /** The network address (host bits cleared). */
  base: bigint;
  prefix: number;
  /** Canonical text, e.g. "10.0.0.0/8" or "fe80::/10". */
  text: string;
}

const BITS = { 4: 32, 6: 128 } as const;

/** URL hosts keep IPv6 brackets and link-local addresses may carry a zone ("fe80::1%eth0"). */
function bare(text: string): string {
  let s = text.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  return zone >= 0 ? s.slice(0, zone) : s;
}

function parse4(s: string): bigint {
  return s.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function parse6(text: string): bigint {
  let s = text;
  if (s.includes(".")) {
    // A dotted IPv4 tail ("::ffff:1.2.3.4") is two 16-bit groups.
    const at = s.lastIndexOf(":");
    const v4 = parse4(s.slice(at + 1));
    s = `${s.slice(0, at + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** A literal IPv4 or IPv6 address (brackets and zone allowed), or null for anything else (names). */
export function parseIp(text: string): IpAddress | null {
  const s = bare(text);
  const family = isIP(s);
  if (family === 4) return { family: 4, value: parse4(s) };
  if (family === 6) return { family: 6, value: parse6(s) };
  return null;
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => (ip.value >> BigInt(112 - i * 16)) & 0xffffn);
  // Compress the longest run of zero groups (two or more) into "::", as RFC 5952 says.
  let bestAt = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j += 1;
    if (j - i > bestLength) [bestAt, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(":");
  return `${hex.slice(0, bestAt).join(":")}::${hex.slice(bestAt + bestLength).join(":")}`;
}

/** "10.0.0.0/8", "fe80::/10", or a single address (a /32 or /128). Null when it is neither. */
export function parseCidr(text: string): Cidr | null {
  const [addressText, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined || addressText === undefined) return null;
  const ip = parseIp(addressText);
  if (!ip || addressText.includes("%")) return null;
  const bits = BITS[ip.family];
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
  const hostBits = BigInt(bits - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, base, prefix, text: `${formatIp({ family: ip.family, value: base })}/${prefix}` };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const hostBits = BigInt(BITS[ip.family] - cidr.prefix);
  return ip.value >> hostBits === cidr.base >> hostBits;
}

/** IPv6 forms that carry an IPv4 address and, through a gateway or the host's stack, reach it. */
const IPV4_CARRIERS: { cidr: Cidr; name: string; extract: (value: bigint) => bigint }[] = [
  { cidr: parseCidr("::ffff:0:0/96")!, name: "IPv4-mapped", extract: (v) => v & 0xffffffffn },
  { cidr: parseCidr("::ffff:0:0:0/96")!, name: "IPv4-translated", extract: (v) => v & 0xffffffffn },
  { cidr: parseCidr("64:ff9b::/96")!, name: "NAT64", extract: (v) => v & 0xffffffffn },
  { cidr: parseCidr("2002::/16")!, name: "6to4", extract: (v) => (v >> 80n) & 0xffffffffn },
  // Deprecated IPv4-compatible "::a.b.c.d"; "::" and "::1" are themselves, not IPv4.
  { cidr: parseCidr("::/96")!, name: "IPv4-compatible", extract: (v) => (v > 1n ? v & 0xffffffffn : -1n) },
];

/** The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4, ...), with the form's name. */
export function embeddedIpv4(ip: IpAddress): { ip: IpAddress; form: string } | null {
  if (ip.family !== 6) return null;
  for (const carrier of IPV4_CARRIERS) {
    if (!cidrContains(carrier.cidr, ip)) continue;
    const value = carrier.extract(ip.value);
    if (value >= 0n) return { ip: { family: 4, value }, form: carrier.name };
  }
  return null;
}
