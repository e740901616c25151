// Imports servers from haproxy.cfg. Each `server` in a `backend` or `listen` section becomes a
// backend named `BACKEND/SERVER`, the form `%b/%s` writes in HAProxy's logs, so log lines and
// imported backends match by name. Defaults sections (named or not) are inherited as HAProxy does.
//
// Health checks: HAProxy marks a server down after `fall` consecutive failed checks and up after
// `rise` consecutive good ones. In Varnish's model (healthy while >= threshold of the last window
// probes passed) threshold = rise and window = fall + rise - 1 give the same steady-state
// behaviour: from all-good, `fall` failures drop the good count below `rise`; from all-bad, `rise`
// successes restore it. initial = rise because HAProxy starts servers up (HAProxy itself lets the
// first failure take a fresh server down; here it takes `fall`, as for one up a while). The
// originals are kept in a note. Servers without `check` get no probe: HAProxy never marks them down, so a probe
// would be a signal the proxy does not have; a note says so.
import { Notes, formatAddress, listNames, pushTo, splitHostPort } from "./common";
import { checkNote, parseHttpCheck, type CheckConfig } from "./haproxy-checks";
import { parseHaproxyTime, readServerOptions, splitHaproxyLine, type ServerOptions } from "./haproxy-words";
import type { ImportPreview, ImportedBackend, ImportedProbe } from "./types";

const SECTIONS = new Set(["global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "resolvers",
  "mailers", "program", "http-errors", "ring", "cache", "fcgi-app", "log-forward", "crt-store", "traces"]);
// Sections whose lines the importer reads; the others (global, peers, ring, ...) hold no origins.
const PROXY_SECTIONS = new Set(["defaults", "frontend", "backend", "listen"]);
const HAPROXY_CHECK_DEFAULTS = { inter: 2_000, fall: 3, rise: 2 };

interface Settings {
  timeouts: { connect?: number; server?: number; check?: number };
  defaultServer: ServerOptions;
  check?: CheckConfig;
}

interface ServerLine {
  name: string;
  address: string;
  line: number;
  options: ServerOptions;
}

interface Section {
  kind: string;
  name: string;
  line: number;
  settings: Settings;
  servers: ServerLine[];
  serverNames: Set<string>;
  balance?: string;
}

const copySettings = (s: Settings): Settings => structuredClone(s);

export function parseHaproxy(text: string): ImportPreview {
  const notes = new Notes();
  const named = new Map<string, Section>();
  const proxies: Section[] = [];
  let lastDefaults: Settings = { timeouts: {}, defaultServer: {} };
  let current: Section | null = null;

  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const words = splitHaproxyLine(lines[index], line, notes);
    if (words.length === 0) continue;
    const [keyword, ...args] = words;
    if (SECTIONS.has(keyword)) {
      current = openSection(keyword, args, line, named, lastDefaults, notes);
      if (current.kind === "defaults") lastDefaults = current.settings;
      if (current.kind === "backend" || current.kind === "listen") proxies.push(current);
    } else if (!current) {
      notes.warn(line, `"${keyword}" appears before any section; ignored`);
    } else if (PROXY_SECTIONS.has(current.kind)) {
      readProxyLine(current, keyword, args, line, notes);
    }
  }

  const backends: ImportedBackend[] = [];
  for (const section of proxies) backends.push(...finishSection(section, notes));
  return { backends, notes: notes.list };
}

function openSection(kind: string, args: string[], line: number, named: Map<string, Section>, lastDefaults: Settings, notes: Notes): Section {
  const name = args[0] && args[0] !== "from" ? args[0] : "";
  const fromAt = args.indexOf("from");
  let base = lastDefaults;
  if (fromAt >= 0) {
    const parent = named.get(args[fromAt + 1] ?? "");
    if (parent) base = parent.settings;
    else notes.warn(line, `${kind} "${name}" inherits from unknown defaults "${args[fromAt + 1] ?? ""}"`);
  }
  // A defaults section starts from scratch unless it names a parent, as in HAProxy.
  const settings = kind === "defaults" && fromAt < 0 ? { timeouts: {}, defaultServer: {} } : copySettings(base);
  const section: Section = { kind, name, line, settings, servers: [], serverNames: new Set() };
  if (kind === "defaults" && name) named.set(name, section);
  if ((kind === "backend" || kind === "listen") && !name) notes.error(line, `${kind} section without a name; its servers are skipped`);
  return section;
}

function readProxyLine(section: Section, keyword: string, args: string[], line: number, notes: Notes): void {
  const s = section.settings;
  switch (keyword) {
    case "timeout": {
      const [which, value = ""] = args;
      if (which !== "connect" && which !== "server" && which !== "check") return;
      const ms = parseHaproxyTime(value);
      if (ms === null) notes.warn(line, `"timeout ${which} ${value}" is not a duration; ignored`);
      else s.timeouts[which] = ms;
      return;
    }
    case "default-server":
      readServerOptions(args, s.defaultServer, line, notes);
      return;
    case "option":
    case "no":
    case "http-check":
      s.check = parseHttpCheck(keyword, args, s.check, line, notes);
      return;
    case "balance":
      section.balance = args[0];
      return;
    case "server-template":
      notes.warn(line, `server-template "${args[0] ?? ""}" not expanded; add its servers by hand`);
      return;
    case "server": {
      if (section.kind === "defaults" || section.kind === "frontend") {
        notes.warn(line, `"server" in a ${section.kind} section is not allowed by HAProxy; ignored`);
        return;
      }
      const [name, address, ...options] = args;
      if (!name || !address) {
        notes.error(line, `"server" needs a name and an address`);
        return;
      }
      const opts = readServerOptions(options, structuredClone(s.defaultServer), line, notes);
      if (section.serverNames.has(name)) notes.warn(line, `server "${section.name}/${name}" is defined twice`);
      section.servers.push({ name, address, line, options: opts });
      section.serverNames.add(name);
    }
  }
}

function finishSection(section: Section, notes: Notes): ImportedBackend[] {
  if (!section.name) return [];
  const { settings, servers } = section;
  if (servers.length === 0) {
    if (section.kind === "backend") notes.warn(section.line, `backend "${section.name}" has no servers`);
    return [];
  }
  notes.info(section.line, `haproxy ${section.kind} "${section.name}" (${section.balance ?? "roundrobin"}) groups servers ${listNames(servers.map((x) => x.name))}`);
  const missing = [settings.timeouts.connect === undefined ? "timeout connect" : "", settings.timeouts.server === undefined ? "timeout server" : ""].filter(Boolean);
  if (missing.length) notes.warn(section.line, `${section.kind} "${section.name}" has no ${missing.join(" or ")}; HAProxy then waits without limit`);

  const unchecked: string[] = [];
  const hysteresis = new Map<string, string[]>();
  const out: ImportedBackend[] = [];
  for (const server of servers) {
    const where = locate(section, server, notes);
    if (!where) continue;
    const o = server.options;
    const tags = [`haproxy-backend:${section.name}`, ...(o.backup ? ["backup"] : []), ...(o.disabled ? ["disabled"] : [])];
    let probe: ImportedProbe | undefined;
    const timing = checkTiming(o);
    if (o.check) {
      probe = serverProbe(settings, timing);
      const key = `check every ${timing.inter / 1000}s, fall ${timing.fall}, rise ${timing.rise}; imported as window ${probe.window}, threshold ${probe.threshold}, initial ${probe.initial}`;
      pushTo(hysteresis, key, server.name);
      if (o.checkPort || o.checkAddr) notes.warn(server.line, `server "${section.name}/${server.name}" is checked at ${o.checkAddr ?? where.host}:${o.checkPort ?? where.port ?? ""}, not its traffic address; the probe uses the traffic address`);
    } else {
      unchecked.push(server.name);
    }
    if (o.disabled) notes.info(server.line, `server "${section.name}/${server.name}" is disabled (maintenance) in the config`);
    out.push({
      name: `${section.name}/${server.name}`,
      ...where,
      tags,
      timeouts: {
        ...(settings.timeouts.connect !== undefined ? { connectMs: settings.timeouts.connect } : {}),
        // `timeout server` is an inactivity timeout: it bounds the wait for headers and between bytes.
        ...(settings.timeouts.server !== undefined ? { firstByteMs: settings.timeouts.server, betweenBytesMs: settings.timeouts.server } : {}),
      },
      ...(probe ? { probe } : {}),
      proxy: { dialect: "haproxy", ...(o.check ? { inter: timing.inter, fall: timing.fall, rise: timing.rise } : {}) },
      source: { line: server.line },
    });
  }
  for (const [key, names] of hysteresis) notes.info(section.line, `${section.name}: ${listNames(names)}: ${key}`);
  if (unchecked.length) notes.info(section.line, `${section.name}: ${listNames(unchecked)}: no "check"; HAProxy never marks them down, so no probe is imported`);
  const note = checkNote(settings.check);
  if (note && hysteresis.size > 0) notes.info(settings.check?.line ?? section.line, `${section.name}: ${note}`);
  return out;
}

function checkTiming(o: ServerOptions): { inter: number; fall: number; rise: number } {
  const d = HAPROXY_CHECK_DEFAULTS;
  return { inter: o.inter ?? d.inter, fall: o.fall ?? d.fall, rise: o.rise ?? d.rise };
}

function serverProbe(settings: Settings, { inter, fall, rise }: { inter: number; fall: number; rise: number }): ImportedProbe {
  const base = {
    intervalMs: inter,
    timeoutMs: settings.timeouts.check ?? inter, // HAProxy uses `inter` when `timeout check` is unset
    window: fall + rise - 1,
    threshold: rise,
    initial: rise,
  };
  const c = settings.check;
  if (c?.kind !== "http") return { kind: "tcp", ...base };
  return {
    kind: "http",
    path: c.uri,
    method: c.method,
    ...(c.host ? { host: c.host } : {}),
    ...(c.expectedStatus !== undefined ? { expectedStatus: c.expectedStatus } : {}),
    ...base,
  };
}

function locate(section: Section, server: ServerLine, notes: Notes): { address: string; host: string; port?: number } | null {
  const label = `server "${section.name}/${server.name}"`;
  let addr = server.address.replace(/^ipv[46]@/, "");
  if (addr.startsWith("unix@") || addr.startsWith("/")) {
    addr = addr.replace(/^unix@/, "");
    return { address: addr, host: addr };
  }
  if (/^[a-z0-9-]+@/.test(addr)) {
    notes.warn(server.line, `${label}: address "${server.address}" is not a network or unix socket address; skipped`);
    return null;
  }
  if (addr.includes("$")) notes.warn(server.line, `${label}: address "${addr}" uses environment variables; edit it after import`);
  const hp = splitHostPort(addr, true);
  if (!hp) {
    notes.warn(server.line, `${label}: port in "${addr}" is a range or offset; imported without a port`);
    const host = addr.slice(0, addr.lastIndexOf(":"));
    return { address: host, host };
  }
  if (hp.port === undefined) {
    notes.warn(server.line, `${label} has no port; HAProxy then uses the port the client connected to`);
    return { address: hp.host, host: hp.host };
  }
  return { address: formatAddress(hp.host, hp.port), host: hp.host, port: hp.port };
}
