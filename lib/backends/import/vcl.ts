// Imports backends and probes from Varnish VCL 4.0/4.1. Reads declarations only (vcl, import,
// include, backend, probe, sub, acl); sub bodies are skipped except vcl_init, where directors
// live. Stops at the first syntax error, like varnishd, keeping what was read before it.
//
// Defaults: probe values a config omits get Varnish's defaults, and backend timeouts it omits get
// Varnish's parameter defaults (3.5s / 60s / 60s) with an info note naming them, so the preview
// shows the values Varnish would actually use (unless `varnishd -p` changes them).
import { Notes, VARNISH_PROBE_DEFAULTS, VARNISH_TIMEOUT_DEFAULTS, formatAddress, parsePort, splitHostPort } from "./common";
import type { ImportPreview, ImportedBackend, ImportedProbe, ImportedTimeouts } from "./types";
import { directorTags, scanVclInit, type DirectorDecl } from "./vcl-directors";
import { VclCursor, VclSyntaxError, describeToken, tokenizeVcl, type VclToken } from "./vcl-lexer";
import { readBackendBody, readProbeBody, type BackendDecl, type ProbeDecl } from "./vcl-blocks";

interface VclState {
  version?: string;
  imports: Set<string>;
  backends: BackendDecl[];
  backendNames: Set<string>;
  probes: Map<string, ProbeDecl>;
  directors: Map<string, DirectorDecl>;
}

export function parseVcl(text: string): ImportPreview {
  const notes = new Notes();
  const state: VclState = { imports: new Set(), backends: [], backendNames: new Set(), probes: new Map(), directors: new Map() };
  let failed = false;
  try {
    readDeclarations(new VclCursor(tokenizeVcl(text), notes), state);
  } catch (err) {
    if (!(err instanceof VclSyntaxError)) throw err;
    failed = true;
    notes.error(err.token.line, `syntax error: ${err.message}`, err.token.column);
  }
  if (!state.version && !failed) {
    notes.warn(1, 'no "vcl 4.0;" or "vcl 4.1;" line; varnishd requires one at the top of the main VCL file');
  }
  if (state.directors.size > 0 && !state.imports.has("directors")) {
    notes.warn(0, 'directors are created but "import directors;" is missing');
  }
  return { backends: finish(state, notes, failed), notes: notes.list };
}

function readDeclarations(c: VclCursor, state: VclState): void {
  for (;;) {
    const t = c.next();
    if (t.kind === "eof") return;
    if (t.kind === "inline-c") {
      c.notes.info(t.line, "inline C block is not read", t.column);
      continue;
    }
    if (t.kind === "punct" && t.text === ";") continue;
    if (t.kind !== "ident") c.fail(`unexpected ${describeToken(t)} at top level`, t);
    switch (t.text) {
      case "vcl": {
        const v = c.next();
        if (v.kind !== "number") c.fail(`expected a version after "vcl", found ${describeToken(v)}`, v);
        c.expectPunct(";", `after "vcl ${v.text}"`);
        state.version = v.text;
        if (v.text === "4.0" || v.text === "4.1") c.notes.info(t.line, `VCL ${v.text}`);
        else c.notes.warn(t.line, `VCL version ${v.text} is not 4.0 or 4.1; read as 4.1`, v.column);
        break;
      }
      case "import": {
        const name = c.expectIdent('after "import"');
        if (c.peek().kind === "ident" && c.peek().text === "from") {
          c.next();
          c.expectString('after "from"');
        }
        c.expectPunct(";", `after "import ${name.text}"`);
        state.imports.add(name.text);
        break;
      }
      case "include": {
        if (c.isPunct("+")) {
          c.next();
          c.expectIdent('after "include +"');
        }
        const file = c.expectString('after "include"');
        c.expectPunct(";", "after the include file name");
        c.notes.warn(t.line, `include "${file.text}" not followed; import that file separately`, t.column);
        break;
      }
      case "backend":
        readBackend(c, t, state);
        break;
      case "probe": {
        const name = c.expectIdent('after "probe"');
        const probe = readProbeBody(c, t, `probe "${name.text}"`);
        if (state.probes.has(name.text)) c.notes.warn(t.line, `probe "${name.text}" defined twice; the first one is used`, t.column);
        else state.probes.set(name.text, { ...probe, name: name.text });
        break;
      }
      case "sub": {
        const name = c.expectIdent('after "sub"');
        const body = c.block(`sub "${name.text}"`, t);
        if (name.text === "vcl_init") scanVclInit(body, state.directors, c.notes);
        break;
      }
      case "acl": {
        const name = c.expectIdent('after "acl"');
        while (!c.isPunct("{") && c.peek().kind !== "eof" && c.peek().kind !== "error") c.next(); // flags: +log, -pedantic
        c.block(`acl "${name.text}"`, t);
        break;
      }
      case "director": // VCL 3 syntax, still pasted from old blog posts
        c.fail('"director" blocks are VCL 3; VCL 4 creates directors in sub vcl_init with vmod_directors', t);
      default:
        c.fail(`unexpected "${t.text}" at top level; expected backend, probe, sub, acl, import, include or vcl`, t);
    }
  }
}

function readBackend(c: VclCursor, keyword: VclToken, state: VclState): void {
  const name = c.expectIdent('after "backend"');
  if (c.peek().kind === "ident" && c.peek().text === "none") {
    c.next();
    c.expectPunct(";", `after "backend ${name.text} none"`);
    c.notes.info(keyword.line, `backend "${name.text}" is declared "none" (no address); skipped`, keyword.column);
    return;
  }
  const decl = readBackendBody(c, keyword, name.text);
  if (state.backendNames.has(decl.name)) {
    c.notes.warn(keyword.line, `backend "${decl.name}" defined twice; the first one is used`, keyword.column);
    return;
  }
  if (decl.path && state.version === "4.0") c.notes.warn(keyword.line, `backend "${decl.name}": .path needs "vcl 4.1;"`);
  state.backends.push(decl);
  state.backendNames.add(decl.name);
}

function finish(state: VclState, notes: Notes, failed: boolean): ImportedBackend[] {
  const tags = directorTags(state.directors, state.backendNames, notes);
  const used = new Set<string>();
  const out: ImportedBackend[] = [];
  for (const b of state.backends) {
    const where = locate(b, notes);
    if (!where) continue;
    let probe: ImportedProbe | undefined;
    if (b.probe && "ref" in b.probe) {
      const named = state.probes.get(b.probe.ref);
      used.add(b.probe.ref);
      if (named) probe = materializeProbe(named, b.hostHeader ?? (b.path ? undefined : b.host));
      else notes.warn(b.probe.line, `backend "${b.name}" uses probe "${b.probe.ref}", which is not defined${failed ? " before the syntax error" : ""}`, b.probe.column);
    } else if (b.probe) {
      probe = materializeProbe(b.probe, b.hostHeader ?? (b.path ? undefined : b.host));
    }
    out.push({
      name: b.name,
      ...where,
      tags: tags.get(b.name) ?? [],
      timeouts: withDefaultTimeouts(b, notes),
      ...(probe ? { probe } : {}),
      proxy: { dialect: "vcl" },
      source: { line: b.line },
    });
  }
  for (const p of state.probes.values()) {
    if (p.name && !used.has(p.name)) notes.info(p.line, `probe "${p.name}" is defined but no backend uses it`);
  }
  return out;
}

function locate(b: BackendDecl, notes: Notes): { address: string; host: string; port?: number } | null {
  if (b.path) {
    if (b.host) notes.warn(b.line, `backend "${b.name}" sets both .host and .path; .path is used`);
    return { address: b.path, host: b.path };
  }
  if (!b.host) {
    notes.error(b.line, `backend "${b.name}" has neither .host nor .path; skipped`);
    return null;
  }
  const hp = splitHostPort(b.host);
  const named = b.port === "http" ? 80 : b.port === "https" ? 443 : null;
  const port = b.port === undefined ? (hp?.port ?? 80) : (named ?? parsePort(b.port));
  if (!hp || port === null) {
    notes.error(b.line, `backend "${b.name}": cannot read address "${b.host}"${b.port ? ` port "${b.port}"` : ""}; skipped`);
    return null;
  }
  if (b.port === undefined && hp.port === undefined) notes.info(b.line, `backend "${b.name}" has no .port; Varnish uses 80`);
  return { address: formatAddress(hp.host, port), host: hp.host, port };
}

function withDefaultTimeouts(b: BackendDecl, notes: Notes): ImportedTimeouts {
  const d = VARNISH_TIMEOUT_DEFAULTS;
  const defaulted: string[] = [];
  const pick = (value: number | undefined, fallback: number, label: string): number => {
    if (value !== undefined) return value;
    defaulted.push(`${label} ${fallback / 1000}s`);
    return fallback;
  };
  const timeouts = {
    connectMs: pick(b.timeouts.connectMs, d.connectMs, "connect_timeout"),
    firstByteMs: pick(b.timeouts.firstByteMs, d.firstByteMs, "first_byte_timeout"),
    betweenBytesMs: pick(b.timeouts.betweenBytesMs, d.betweenBytesMs, "between_bytes_timeout"),
  };
  if (defaulted.length) {
    notes.info(b.line, `backend "${b.name}" uses Varnish defaults for ${defaulted.join(", ")} (varnishd -p may change them)`);
  }
  return timeouts;
}

// Fills what the probe omits with Varnish's defaults and reads method/path/Host from `.request`.
// With `.url`, varnishd sends the backend's Host (`.host_header`, else `.host`); callers pass it.
function materializeProbe(p: ProbeDecl, hostHeader: string | undefined): ImportedProbe {
  const d = VARNISH_PROBE_DEFAULTS;
  const threshold = p.threshold ?? d.threshold;
  let method = "GET";
  let path = p.url ?? "/";
  let host = hostHeader;
  if (p.request && p.request.length > 0) {
    host = undefined; // varnishd sends a .request verbatim: only its own Host line counts
    const [requestLine, ...headers] = p.request.flatMap((s) => s.split(/\r?\n/));
    const [m, target] = requestLine.trim().split(/\s+/);
    if (m) method = m;
    if (target) path = target;
    const hostLine = headers.find((h) => /^host\s*:/i.test(h));
    if (hostLine) host = hostLine.slice(hostLine.indexOf(":") + 1).trim();
  }
  return {
    kind: "http",
    path,
    method,
    ...(host ? { host } : {}),
    expectedStatus: p.expectedStatus ?? d.expectedStatus,
    intervalMs: p.intervalMs ?? d.intervalMs,
    timeoutMs: p.timeoutMs ?? d.timeoutMs,
    window: p.window ?? d.window,
    threshold,
    initial: p.initial ?? threshold - 1,
  };
}
