// The egress policy: which addresses the server may open connections to. Everything the server
// connects to on someone else's say-so (probes, notification channels; config import
// later) goes through connectChecked / requestChecked below: they check an IP literal before
// connecting and a name's every resolved address inside the socket's own `lookup`, so the address
// checked is the address connected to (a DNS answer that changes between check and connect,
// "rebinding", cannot slip past). Redirect hops are new requests and pass the same check.
import type { LookupAddress, LookupOptions } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import http, { type ClientRequest } from "node:http";
import https, { type RequestOptions } from "node:https";
import { connect, type NetConnectOpts, type Socket } from "node:net";
import { egressConfig, type EgressConfig } from "@/lib/config/env";
import { cidrContains, embeddedIpv4, formatIp, parseCidr, parseIp, type Cidr, type IpAddress } from "@/lib/ip/cidr";

export type EgressRuleSource = "built-in" | "EGRESS_DENY" | "EGRESS_ALLOW";

export interface EgressRule {
  cidr: Cidr;
  action: "allow" | "deny";
  source: EgressRuleSource;
  /** What the range is, for built-in rules: "link-local and cloud metadata". */
  label?: string;
}

/** Denied by default. Loopback and private ranges are where origins live: allowed unless narrowed. */
const BUILT_IN_DENY: [cidr: string, label: string][] = [
  ["169.254.0.0/16", "link-local and cloud metadata"],
  ["fe80::/10", "IPv6 link-local"],
  ["fd00:ec2::254/128", "AWS metadata over IPv6"],
  ["100.100.100.200/32", "Alibaba Cloud metadata"],
  ["168.63.129.16/32", "Azure platform endpoint"],
  ["0.0.0.0/8", "unspecified, 'this network'"],
  ["::/128", "unspecified"],
  ["224.0.0.0/4", "multicast"],
  ["ff00::/8", "IPv6 multicast"],
  ["240.0.0.0/4", "reserved"],
  ["255.255.255.255/32", "broadcast"],
];

/** Names of cloud metadata services: refused before any lookup, whatever they resolve to. */
export const METADATA_NAMES = new Set([
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
]);

export interface EgressDenial {
  /** The host as configured (a name or an address). */
  host: string;
  /** The address that was refused, when it was an address (or a name resolved to one). */
  address?: string;
  /** The rule that refused it: "169.254.0.0/16" or "metadata name". */
  rule: string;
  /** One sentence naming the rule and how an operator can change it. */
  reason: string;
}

export class EgressDeniedError extends Error {
  readonly code = "EGRESS_DENIED";
  constructor(readonly denial: EgressDenial) {
    super(denial.reason);
    this.name = "EgressDeniedError";
  }
}

export const isEgressDenied = (e: unknown): e is EgressDeniedError => e instanceof EgressDeniedError;

/** Resolves a name to every address (injected by tests; dns.lookup otherwise, as node itself does). */
export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, family) => dnsLookup(hostname, { all: true, family, order: "verbatim" });

const RANK = { "built-in": 0, EGRESS_ALLOW: 1, EGRESS_DENY: 1 } as const;

/** Longest prefix first; at equal length an operator's rule before a built-in one, a deny before an allow. */
function moreSpecific(a: EgressRule, b: EgressRule): number {
  return b.cidr.prefix - a.cidr.prefix || RANK[b.source] - RANK[a.source] || (a.action === "deny" ? -1 : 1) - (b.action === "deny" ? -1 : 1);
}

export class EgressPolicy {
  readonly rules: readonly EgressRule[];
  private readonly resolve: Resolver;

  constructor(config: EgressConfig = { allow: [], deny: [] }, opts: { resolve?: Resolver } = {}) {
    const operator = (list: string[], action: EgressRule["action"], source: EgressRuleSource) =>
      list.map((text): EgressRule => ({ cidr: parseCidr(text)!, action, source }));
    this.rules = [
      ...BUILT_IN_DENY.map(([text, label]): EgressRule => ({ cidr: parseCidr(text)!, action: "deny", source: "built-in", label })),
      ...operator(config.deny, "deny", "EGRESS_DENY"),
      ...operator(config.allow, "allow", "EGRESS_ALLOW"),
    ].sort(moreSpecific);
    this.resolve = opts.resolve ?? systemResolver;
  }

  /** The rule that decides for one address (the most specific match), or undefined: allowed. */
  ruleFor(ip: IpAddress): EgressRule | undefined {
    return this.rules.find((rule) => cidrContains(rule.cidr, ip));
  }

  /**
   * Why an address is refused, or undefined. An IPv6 form that carries an IPv4 address (mapped,
   * NAT64, 6to4) is refused when either the IPv6 address or the IPv4 one inside is.
   */
  checkAddress(address: string, host: string = address): EgressDenial | undefined {
    const ip = parseIp(address);
    if (!ip) return undefined;
    const inner = embeddedIpv4(ip);
    for (const view of inner ? [ip, inner.ip] : [ip]) {
      const rule = this.ruleFor(view);
      if (rule?.action !== "deny") continue;
      const shown = view === ip ? address : `${address} (${inner!.form} ${formatIp(view)})`;
      const subject = host === address ? shown : `${host} resolves to ${shown}, and that`;
      const where = `${subject} is in ${rule.cidr.text}`;
      const reason =
        rule.source === "built-in"
          ? `${where} (${rule.label}), which the egress policy denies; an operator can allow it with EGRESS_ALLOW`
          : `${where}, which EGRESS_DENY denies`;
      return { host, address, rule: rule.cidr.text, reason };
    }
    return undefined;
  }

  /** Why a configured host (IP literal or name) is refused before any lookup, or undefined. */
  checkHost(host: string): EgressDenial | undefined {
    if (parseIp(host)) return this.checkAddress(stripBrackets(host));
    const name = host.toLowerCase().replace(/\.$/, "");
    if (METADATA_NAMES.has(name)) {
      return { host, rule: "metadata name", reason: `${host} is the name of a cloud metadata service, which the egress policy denies` };
    }
    return undefined;
  }

  /** Every address of `host`, each checked; throws EgressDeniedError if any is refused. */
  async resolveChecked(host: string, family = 0): Promise<LookupAddress[]> {
    const early = this.checkHost(host);
    if (early) throw new EgressDeniedError(early);
    if (parseIp(host)) return [{ address: stripBrackets(host), family: parseIp(host)!.family }];
    const addresses = await this.resolve(host, family);
    if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    // Any refused address refuses the name: which one node would pick is not ours to guess.
    for (const { address } of addresses) {
      const denial = this.checkAddress(address, host);
      if (denial) throw new EgressDeniedError(denial);
    }
    return addresses;
  }

  /** A `lookup` for net.connect, http.request and tls.connect that only ever yields allowed addresses. */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    this.resolveChecked(hostname, typeof options.family === "number" ? options.family : 0).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (err: NodeJS.ErrnoException) => callback(err, options.all ? [] : "", undefined),
    );
  };
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * net.connect through the policy. Throws EgressDeniedError synchronously for a refused literal
 * or metadata name; a name whose addresses are refused fails the socket with that error instead.
 */
export function connectChecked(policy: EgressPolicy, options: NetConnectOpts & { host: string; port: number }): Socket {
  const denial = policy.checkHost(options.host);
  if (denial) throw new EgressDeniedError(denial);
  return connect({ ...options, lookup: policy.lookup });
}

/**
 * http(s).request through the policy, Host header and TLS SNI kept from the URL. Throws like
 * connectChecked. Outbound HTTP of any later feature (webhooks, chat channels) should use this.
 */
export function requestChecked(policy: EgressPolicy, url: URL, options: RequestOptions): ClientRequest {
  const denial = policy.checkHost(url.hostname);
  if (denial) throw new EgressDeniedError(denial);
  const transport = url.protocol === "https:" ? https : http;
  return transport.request(url, { ...options, lookup: policy.lookup });
}

/** Built-in rules only: what code that was handed no policy (tests, tools) is held to. */
export const builtInEgressPolicy = new EgressPolicy();

let configured: EgressPolicy | undefined;

/** The server's policy, from EGRESS_ALLOW / EGRESS_DENY (read once). */
export function serverEgressPolicy(): EgressPolicy {
  configured ??= new EgressPolicy(egressConfig());
  return configured;
}
