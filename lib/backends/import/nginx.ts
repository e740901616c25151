// Imports servers from nginx `upstream` blocks, inside http { } / stream { } or pasted bare.
// Each server becomes a backend named `UPSTREAM/ADDRESS` (nginx servers have no names; nginx logs
// them by address in $upstream_addr, which ingest counts as this backend: lib/observations/
// requests.ts) tagged `nginx-upstream:NAME`.
//
// Timeouts: nginx sets them where a request is passed on, not on the upstream, so each upstream
// takes the effective X_connect_timeout / X_read_timeout of the first X_pass that uses it
// (X = proxy, fastcgi, uwsgi, scgi, grpc, memcached; read -> first byte and between bytes;
// stream's proxy_timeout likewise), inherited http -> server -> location, falling back to
// nginx's defaults with a note.
// nginx OSS has no active health checks, so every server gets a *suggested* probe with Varnish's
// default timing, and a note says it is suggested: HTTP GET / when proxy_pass speaks HTTP to it,
// TCP connect for stream upstreams and for fastcgi/uwsgi/scgi/grpc/memcached ones.
import { Notes, formatAddress, listNames, pushTo, splitHostPort, suggestedProbe } from "./common";
import { parseNginxTree, type NginxDirective } from "./nginx-tree";
import type { ImportPreview, ImportedBackend, ImportedTimeouts } from "./types";

interface Timeouts {
  connect?: number;
  read?: number;
}
/** Timeouts in force, per module prefix ("proxy", "fastcgi", ...). */
type TimeoutsByModule = Record<string, Timeouts>;

interface Upstream {
  name: string;
  line: number;
  stream: boolean;
  body: NginxDirective[];
  /** Timeouts in force where the upstream is declared, for upstreams nothing passes to. */
  context: TimeoutsByModule;
}

interface Reference {
  target: string;
  via: string;
  line: number;
  stream: boolean;
  timeouts: TimeoutsByModule;
}

const PASS_DIRECTIVES = new Set(["proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass"]);
const TIMEOUT_DIRECTIVE = /^(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_(connect|read)_timeout$/;
const BALANCERS = new Set(["hash", "ip_hash", "least_conn", "least_time", "random", "sticky", "ntlm"]);
const QUIET_UPSTREAM = new Set(["keepalive", "keepalive_timeout", "keepalive_requests", "keepalive_time", "zone", "queue", "resolver", "resolver_timeout", "state"]);
const DEFAULTS = { http: { connect: 60_000, read: 60_000 }, stream: { connect: 60_000, read: 600_000 } };
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };

/** nginx times: `30`, `30s`, `1m30s`, `500ms`; a bare number means seconds. */
export function parseNginxTime(text: string): number | null {
  if (!/^(\d+(ms|s|m|h|d|w|M|y)?)+$/.test(text)) return null;
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)) total += Number(m[1]) * UNIT_MS[m[2] ?? "s"];
  return total;
}

export function parseNginx(text: string): ImportPreview {
  const notes = new Notes();
  const upstreams: Upstream[] = [];
  const refs: Reference[] = [];
  walk(parseNginxTree(text, notes), { stream: false, timeouts: {} }, upstreams, refs, notes);

  const names = new Set(upstreams.map((u) => u.name));
  for (const r of refs) {
    if (r.target.includes("$")) notes.info(r.line, `${r.via} ${r.target} uses variables; its upstream cannot be told`);
    else if (!names.has(r.target)) notes.info(r.line, `${r.via} to ${r.target} is not an upstream block; add it by hand if it is an origin`);
  }
  const uses = new Map<string, Reference[]>();
  for (const r of refs) pushTo(uses, `${r.stream}:${r.target}`, r);
  const backends: ImportedBackend[] = [];
  const seen = new Set<string>();
  for (const u of upstreams) {
    if (seen.has(u.name)) {
      notes.warn(u.line, `upstream "${u.name}" is defined twice; the first one is used`);
      continue;
    }
    seen.add(u.name);
    backends.push(...importUpstream(u, uses.get(`${u.stream}:${u.name}`) ?? [], notes));
  }
  return { backends, notes: notes.list };
}

function walk(list: NginxDirective[], ctx: { stream: boolean; timeouts: TimeoutsByModule }, upstreams: Upstream[], refs: Reference[], notes: Notes): void {
  // Directive order inside a block does not matter to nginx, so read this block's timeouts first.
  const timeouts: TimeoutsByModule = { ...ctx.timeouts };
  for (const d of list) {
    const m = TIMEOUT_DIRECTIVE.exec(d.name) ?? (ctx.stream && d.name === "proxy_timeout" ? ["", "proxy", "read"] : null);
    if (!m || d.children) continue;
    const ms = parseNginxTime(d.args[0] ?? "");
    if (ms === null) notes.warn(d.line, `"${d.name} ${d.args.join(" ")}" is not a valid time; ignored`, d.column);
    else timeouts[m[1]] = { ...timeouts[m[1]], [m[2] === "connect" ? "connect" : "read"]: ms };
  }
  for (const d of list) {
    if (d.name === "upstream" && d.children) {
      upstreams.push({ name: d.args[0] ?? "", line: d.line, stream: ctx.stream, body: d.children, context: timeouts });
    } else if (d.name === "include") {
      notes.warn(d.line, `include ${d.args.join(" ")} not followed; import that file separately`, d.column);
    } else if (d.name === "health_check") {
      notes.info(d.line, "health_check (NGINX Plus) is not read; suggested probes are used instead", d.column);
    } else if (PASS_DIRECTIVES.has(d.name) && d.args[0]) {
      refs.push({ target: passTarget(d.args[0]), via: d.name, line: d.line, stream: ctx.stream, timeouts });
    } else if (d.children) {
      walk(d.children, { stream: ctx.stream || d.name === "stream", timeouts }, upstreams, refs, notes);
    }
  }
}

// The upstream name (or host:port) a *_pass directive sends to: the URL's host for proxy_pass
// and grpc_pass, the bare argument for fastcgi_pass & co and for stream's proxy_pass.
function passTarget(arg: string): string {
  return /^[a-z]+:\/\/([^/?]+)/i.exec(arg)?.[1] ?? arg;
}

function importUpstream(u: Upstream, uses: Reference[], notes: Notes): ImportedBackend[] {
  const kind = u.stream ? "stream" : "http";
  const servers = u.body.filter((d) => d.name === "server");
  let balance = "round-robin";
  for (const d of u.body) {
    if (BALANCERS.has(d.name)) balance = [d.name, ...d.args].join(" ");
    else if (d.name !== "server" && !QUIET_UPSTREAM.has(d.name)) notes.info(d.line, `upstream directive "${d.name}" not understood; ignored`, d.column);
  }
  if (servers.length === 0) {
    notes.warn(u.line, `upstream "${u.name}" has no servers`);
    return [];
  }
  // Requests reach it through one module; only proxy_pass speaks HTTP to the origin.
  const passModule = (uses[0]?.via ?? "proxy_pass").replace(/_pass$/, "");
  const probeKind = !u.stream && passModule === "proxy" ? "http" : "tcp";
  const timeouts = upstreamTimeouts(u, passModule, uses, notes);
  const out: ImportedBackend[] = [];
  const passive = new Map<string, string[]>();
  for (const d of servers) {
    const b = importServer(u, d, timeouts, probeKind, notes);
    if (!b) continue;
    const maxFails = param(d, "max_fails") ?? "1";
    const failTimeout = param(d, "fail_timeout") ?? "10s";
    const failTimeoutMs = parseNginxTime(failTimeout);
    b.proxy = { dialect: "nginx", nginxModule: u.stream ? "proxy" : passModule, ...(/^\d+$/.test(maxFails) ? { maxFails: Number(maxFails) } : {}), ...(failTimeoutMs !== null ? { failTimeoutMs } : {}) };
    out.push(b);
    const key = maxFails === "0" ? "passive checks off (max_fails=0)" : `skipped for ${failTimeout} after ${maxFails} failed attempt(s) within ${failTimeout}`;
    pushTo(passive, key, b.address);
  }
  notes.info(u.line, `nginx upstream "${u.name}" (${balance}) groups servers ${listNames(out.map((b) => b.address))}`);
  for (const [key, addrs] of passive) notes.info(u.line, `${u.name}: ${listNames(addrs)}: ${key} (nginx passive health)`);
  const why = probeKind === "tcp" ? ` (TCP: requests reach it through ${u.stream ? "stream proxy_pass" : `${passModule}_pass`}, not HTTP)` : "";
  const suggested = probeKind === "http" ? "HTTP GET /" : "TCP connect";
  if (out.length) notes.info(u.line, `${u.name}: nginx OSS has no active health checks; each server gets a suggested ${suggested} probe with Varnish's default timing${why}; check it before saving`);
  if (uses.length === 0) notes.info(u.line, `${u.name}: nothing in this ${kind} config passes requests to it; timeouts come from the enclosing block`);
  return out;
}

function upstreamTimeouts(u: Upstream, passModule: string, uses: Reference[], notes: Notes): ImportedTimeouts {
  const effective = (t: TimeoutsByModule): Timeouts => t[passModule] ?? {};
  const first = effective(uses[0]?.timeouts ?? u.context);
  const differs = uses.some((r) => effective(r.timeouts).connect !== first.connect || effective(r.timeouts).read !== first.read);
  if (differs) notes.warn(uses[0].line, `${u.name} is passed to with different timeouts in different places; the first (line ${uses[0].line}) is used`);
  const d = u.stream ? DEFAULTS.stream : DEFAULTS.http;
  const readName = u.stream ? "proxy_timeout" : `${passModule}_read_timeout`;
  const defaulted = [first.connect === undefined ? `${passModule}_connect_timeout ${d.connect / 1000}s` : "", first.read === undefined ? `${readName} ${d.read / 1000}s` : ""].filter(Boolean);
  if (defaulted.length) notes.info(u.line, `${u.name}: nginx defaults apply for ${defaulted.join(", ")}`);
  const read = first.read ?? d.read;
  return { connectMs: first.connect ?? d.connect, firstByteMs: read, betweenBytesMs: read };
}

function importServer(u: Upstream, d: NginxDirective, timeouts: ImportedTimeouts, probeKind: "http" | "tcp", notes: Notes): ImportedBackend | null {
  const raw = d.args[0] ?? "";
  const flags = new Set(d.args.slice(1).filter((a) => !a.includes("=")));
  const tags = [`nginx-upstream:${u.name}`, ...(flags.has("backup") ? ["backup"] : []), ...(flags.has("down") ? ["down"] : [])];
  const base = { tags, timeouts, probe: suggestedProbe(probeKind), source: { line: d.line } };
  if (flags.has("down")) notes.info(d.line, `${u.name}/${raw} is marked down in the config`, d.column);
  if (raw.startsWith("unix:")) {
    const path = raw.slice("unix:".length);
    return { name: `${u.name}/${raw}`, address: path, host: path, ...base }; // nginx logs it as unix:/path
  }
  const hp = splitHostPort(raw);
  if (!raw || !hp) {
    notes.error(d.line, `upstream "${u.name}": cannot read server address "${raw}"; skipped`, d.column);
    return null;
  }
  if (hp.port === undefined && u.stream) {
    notes.error(d.line, `upstream "${u.name}": stream server "${raw}" needs a port; skipped`, d.column);
    return null;
  }
  const port = hp.port ?? 80; // nginx's default for http upstream servers
  const address = formatAddress(hp.host, port);
  return { name: `${u.name}/${address}`, address, host: hp.host, port, ...base };
}

function param(d: NginxDirective, key: string): string | undefined {
  return d.args.find((a) => a.startsWith(`${key}=`))?.slice(key.length + 1);
}
