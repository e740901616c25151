// Small helpers shared by the ingest tests.
import assert from "node:assert/strict";
import { compileFormat } from "@/lib/ingest/formats/registry";
import type { NginxErrorEvidence, ParsedRequest, ProxyKind, ProxyNotice, UncountedWhy } from "@/lib/ingest/types";

/** Parses a line that must be an access-log request. */
export function parseRequest(kind: ProxyKind, line: string, format?: string): ParsedRequest {
  const outcome = compileFormat(kind, format).parse(line);
  assert.ok(outcome.ok, `expected a request, got: ${outcome.ok ? outcome.kind : outcome.reason}`);
  assert.equal(outcome.kind, "request");
  return outcome.request;
}

/** Parses a line that must be an nginx error-log line. */
export function parseEvidence(line: string): NginxErrorEvidence {
  const outcome = compileFormat("nginx").parse(line);
  assert.ok(outcome.ok, `expected evidence, got: ${outcome.ok ? outcome.kind : outcome.reason}`);
  assert.equal(outcome.kind, "evidence");
  return outcome.evidence;
}

/** Parses a request line that must be understood but not counted (a varnishncsa -b -c client record). */
export function parseUncounted(kind: ProxyKind, line: string, format?: string): { why: UncountedWhy; request: ParsedRequest } {
  const outcome = compileFormat(kind, format).parse(line);
  assert.ok(outcome.ok, `expected an uncounted request, got: ${outcome.ok ? outcome.kind : outcome.reason}`);
  assert.equal(outcome.kind, "uncounted");
  return { why: outcome.why, request: outcome.request };
}

/** Parses a line that must be one of the proxy's own messages. */
export function parseNotice(kind: ProxyKind, line: string, format?: string): ProxyNotice {
  const outcome = compileFormat(kind, format).parse(line);
  assert.ok(outcome.ok, `expected a notice, got: ${outcome.ok ? outcome.kind : outcome.reason}`);
  assert.equal(outcome.kind, "notice");
  return outcome.notice;
}

/** Parses a line that must be rejected; returns the reason. */
export function rejection(kind: ProxyKind, line: string, format?: string): string {
  const outcome = compileFormat(kind, format).parse(line);
  assert.equal(outcome.ok, false, `expected a rejection of ${JSON.stringify(line.slice(0, 80))}`);
  return outcome.ok ? "" : outcome.reason;
}

/** Picks the defined fields of a request, for compact deepEqual checks. */
export function pick<K extends keyof ParsedRequest>(request: ParsedRequest, ...keys: K[]): Pick<ParsedRequest, K> {
  const out = {} as Pick<ParsedRequest, K>;
  for (const key of keys) out[key] = request[key];
  return out;
}
