// Readers for the bodies of `backend NAME { ... }` and `probe NAME { ... }` (and inline
// `.probe = { ... }`): a list of `.attribute = value;` lines.
import { VARNISH_PROBE_DEFAULTS } from "./common";
import type { ImportedTimeouts } from "./types";
import { describeToken, type VclCursor, type VclToken } from "./vcl-lexer";

export interface ProbeDecl {
  name?: string;
  line: number;
  url?: string;
  /** `.request` strings, one per line of the raw probe request. */
  request?: string[];
  expectedStatus?: number;
  intervalMs?: number;
  timeoutMs?: number;
  window?: number;
  threshold?: number;
  initial?: number;
}

export interface ProbeRef {
  ref: string;
  line: number;
  column: number;
}

export interface BackendDecl {
  name: string;
  line: number;
  host?: string;
  port?: string;
  path?: string;
  hostHeader?: string;
  timeouts: ImportedTimeouts;
  probe?: ProbeDecl | ProbeRef;
}

const UNIT_MS = new Map([["ms", 1], ["s", 1_000], ["m", 60_000], ["h", 3_600_000], ["d", 86_400_000], ["w", 604_800_000], ["y", 31_536_000_000]]);

const PROBE_ATTRIBUTES = new Set(["url", "request", "expected_response", "interval", "timeout", "window", "threshold", "initial"]);

// Attributes varnishd knows that say nothing about address, timeouts or health.
const IGNORED_BACKEND_ATTRIBUTES = new Set(["max_connections", "proxy_header", "via", "authority", "preamble", "backend_wait_timeout", "backend_wait_limit"]);

export function readBackendBody(c: VclCursor, keyword: VclToken, name: string): BackendDecl {
  const decl: BackendDecl = { name, line: keyword.line, timeouts: {} };
  readAttributes(c, keyword, `backend "${name}"`, (attr) => {
    switch (attr.text) {
      case "host":
        decl.host = asString(c, attr, readValue(c, attr));
        return;
      case "path":
        decl.path = asString(c, attr, readValue(c, attr));
        return;
      case "host_header":
        decl.hostHeader = asString(c, attr, readValue(c, attr));
        return;
      case "port": {
        const v = readValue(c, attr);
        if (v.length === 1 && (v[0].kind === "string" || v[0].kind === "number")) decl.port = v[0].text;
        else c.notes.warn(attr.line, `".port" expects a string such as "8080"; value ignored`, attr.column);
        return;
      }
      case "connect_timeout":
        decl.timeouts.connectMs = asDuration(c, attr, readValue(c, attr));
        return;
      case "first_byte_timeout":
        decl.timeouts.firstByteMs = asDuration(c, attr, readValue(c, attr));
        return;
      case "between_bytes_timeout":
        decl.timeouts.betweenBytesMs = asDuration(c, attr, readValue(c, attr));
        return;
      case "probe":
        if (c.isPunct("{")) {
          decl.probe = readProbeBody(c, attr, `the probe of backend "${name}"`);
          if (c.isPunct(";")) c.next();
        } else {
          const v = readValue(c, attr);
          if (v.length === 1 && v[0].kind === "ident") decl.probe = { ref: v[0].text, line: v[0].line, column: v[0].column };
          else c.notes.warn(attr.line, `".probe" expects a probe name or a { } block; value ignored`, attr.column);
        }
        return;
      default:
        if (!IGNORED_BACKEND_ATTRIBUTES.has(attr.text)) c.notes.warn(attr.line, `unknown backend attribute ".${attr.text}"`, attr.column);
        skipValue(c, attr);
    }
  });
  return decl;
}

export function readProbeBody(c: VclCursor, opened: VclToken, what: string): ProbeDecl {
  const probe: ProbeDecl = { line: opened.line };
  readAttributes(c, opened, what, (attr) => {
    if (!PROBE_ATTRIBUTES.has(attr.text)) {
      c.notes.warn(attr.line, `unknown probe attribute ".${attr.text}"`, attr.column);
      skipValue(c, attr);
      return;
    }
    const v = readValue(c, attr);
    switch (attr.text) {
      case "url":
        probe.url = asString(c, attr, v);
        return;
      case "request":
        probe.request = asStrings(v);
        if (!probe.request) c.notes.warn(attr.line, `".request" expects strings; value ignored`, attr.column);
        return;
      case "expected_response":
        probe.expectedStatus = asInteger(c, attr, v);
        return;
      case "interval":
        probe.intervalMs = asDuration(c, attr, v);
        return;
      case "timeout":
        probe.timeoutMs = asDuration(c, attr, v);
        return;
      case "window":
        probe.window = asInteger(c, attr, v);
        return;
      case "threshold":
        probe.threshold = asInteger(c, attr, v);
        return;
      case "initial":
        probe.initial = asInteger(c, attr, v);
    }
  });
  if (probe.url !== undefined && probe.request) c.notes.warn(opened.line, `${what} sets both .url and .request; .request is used`);
  if (probe.window !== undefined && probe.window > 64) c.notes.warn(opened.line, `${what}: .window ${probe.window} is above Varnish's maximum of 64`);
  const window = probe.window ?? VARNISH_PROBE_DEFAULTS.window;
  if (probe.threshold !== undefined && probe.threshold > window) c.notes.warn(opened.line, `${what}: .threshold ${probe.threshold} is larger than .window ${window}, so it can never be healthy`);
  return probe;
}

// `{ .name = value; ... }`; the callback reads each value (and its ";").
function readAttributes(c: VclCursor, opened: VclToken, what: string, onAttribute: (attr: VclToken) => void): void {
  c.expectPunct("{", `to open ${what}`);
  for (;;) {
    if (c.isPunct("}")) {
      c.next();
      return;
    }
    if (!c.isPunct(".")) c.fail(`expected "}" to close ${what} opened at line ${opened.line}, found ${describeToken(c.peek())}`);
    c.next();
    const attr = c.expectIdent('after "."');
    c.expectPunct("=", `after ".${attr.text}"`);
    onAttribute(attr);
  }
}

// Tokens up to the ";" that ends an attribute (consumed). A "}" first means a missing ";".
function readValue(c: VclCursor, attr: VclToken): VclToken[] {
  const value: VclToken[] = [];
  for (;;) {
    const t = c.peek();
    const ends = t.kind === "punct" && t.text === ";";
    if (ends && value.length > 0) {
      c.next();
      return value;
    }
    if (ends || t.kind === "eof" || t.kind === "error" || (t.kind === "punct" && (t.text === "{" || t.text === "}"))) {
      c.fail(value.length ? `expected ";" after the value of ".${attr.text}", found ${describeToken(t)}` : `expected a value for ".${attr.text}"`);
    }
    value.push(c.next());
  }
}

// Unknown attributes may hold a block (a future `.something = { }`); skip either form.
function skipValue(c: VclCursor, attr: VclToken): void {
  if (!c.isPunct("{")) {
    readValue(c, attr);
    return;
  }
  c.block(`".${attr.text}"`, attr);
  if (c.isPunct(";")) c.next();
}

function asStrings(v: VclToken[]): string[] | undefined {
  // Adjacent strings (and "a" + "b") concatenate; for .request each string is one request line.
  const parts = v.filter((t) => !(t.kind === "punct" && t.text === "+"));
  return parts.length > 0 && parts.every((t) => t.kind === "string") ? parts.map((t) => t.text) : undefined;
}

function asString(c: VclCursor, attr: VclToken, v: VclToken[]): string | undefined {
  const parts = asStrings(v);
  if (parts) return parts.join("");
  c.notes.warn(attr.line, `".${attr.text}" expects a string; value ignored`, attr.column);
  return undefined;
}

function asInteger(c: VclCursor, attr: VclToken, v: VclToken[]): number | undefined {
  if (v.length === 1 && v[0].kind === "number" && /^\d+$/.test(v[0].text)) return Number(v[0].text);
  c.notes.warn(attr.line, `".${attr.text}" expects a whole number; value ignored`, attr.column);
  return undefined;
}

function asDuration(c: VclCursor, attr: VclToken, v: VclToken[]): number | undefined {
  const [n, unit] = v;
  if (v.length === 1 && n.kind === "number") {
    c.notes.warn(attr.line, `".${attr.text}" = ${n.text} has no time unit; read as seconds`, attr.column);
    return Number(n.text) * 1_000;
  }
  const factor = v.length === 2 && n.kind === "number" && unit.kind === "ident" ? UNIT_MS.get(unit.text) : undefined;
  if (factor !== undefined) return Number(n.text) * factor;
  c.notes.warn(attr.line, `".${attr.text}" expects a duration such as 2s or 500ms; value ignored`, attr.column);
  return undefined;
}
