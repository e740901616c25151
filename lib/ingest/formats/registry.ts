// One compiler per proxy kind. `compileFormat` is the only entry point callers need: it turns a
// source's (kind, format string) into a parser, or throws a FormatError naming the bad specifier.

import { compileAkamaiFormat } from "@/lib/ingest/formats/cdn/akamai";
import { compileBunnyFormat } from "@/lib/ingest/formats/cdn/bunny";
import { compileCloudflareFormat } from "@/lib/ingest/formats/cdn/cloudflare";
import { compileCloudfrontFormat } from "@/lib/ingest/formats/cdn/cloudfront";
import { compileFastlyFormat } from "@/lib/ingest/formats/cdn/fastly";
import { compileEnvoyFormat } from "@/lib/ingest/formats/envoy";
import { compileHaproxyFormat } from "@/lib/ingest/formats/haproxy";
import { compileJsonFormat } from "@/lib/ingest/formats/json";
import { compileNginxFormat } from "@/lib/ingest/formats/nginx";
import { compileVarnishFormat } from "@/lib/ingest/formats/varnish";
import type { TextFormatOptions } from "@/lib/ingest/formats/engine";
import type { CompiledParser, ParseOutcome, ProxyKind } from "@/lib/ingest/types";

export { FormatError } from "@/lib/ingest/formats/format-error";
export type { CompiledParser } from "@/lib/ingest/types";

/**
 * `lean`: the parser the aggregator uses. Lines below 500 come back without their client,
 * request line (method, path, protocol) and failure evidence, which only 5xx lines are read for;
 * everything counted is read as in a full parse, and both accept and reject the same lines.
 * Envoy parsers read every field either way.
 */
export type ParserOptions = TextFormatOptions;

const COMPILERS: Record<ProxyKind, (format?: string, options?: ParserOptions) => CompiledParser> = {
  varnish: compileVarnishFormat,
  nginx: compileNginxFormat,
  haproxy: compileHaproxyFormat,
  envoy: compileEnvoyFormat,
  json: compileJsonFormat,
  cloudflare: compileCloudflareFormat,
  cloudfront: compileCloudfrontFormat,
  fastly: compileFastlyFormat,
  akamai: compileAkamaiFormat,
  bunny: compileBunnyFormat,
};

/** Longest line we read; real access-log lines stay far below, and it bounds work per line. */
export const MAX_LINE_LENGTH = 256 * 1024;

/** Enforces the length limit and the "parse never throws" promise around every compiled parser. */
function guarded(parser: CompiledParser): CompiledParser {
  return {
    kind: parser.kind,
    stateful: parser.stateful,
    parse(line: string): ParseOutcome {
      if (line.length > MAX_LINE_LENGTH) return { ok: false, reason: `line too long (${line.length} chars, limit ${MAX_LINE_LENGTH})` };
      try {
        return parser.parse(line);
      } catch {
        // A parser bug must cost one line, not the batch; its message is not for end users.
        return { ok: false, reason: "unreadable line (parser error)" };
      }
    },
  };
}

/**
 * Compiled parsers by (kind, format). Every batch builds a new aggregator; handing it the parser
 * of the previous batch keeps the JIT-optimised code (a fresh compile starts cold, which costs
 * more than the parsing itself on small batches). Parsers only hold caches, so sharing is safe.
 */
const compiledParsers = new Map<string, CompiledParser>();
const COMPILED_PARSERS_KEPT = 64;

/**
 * Compiles a source's format. An undefined or blank format means the proxy's default
 * (varnishncsa default, nginx `combined`, HAProxy `option httplog`, Envoy default, JSON default
 * mapping, a CDN's preset); nginx also knows `main`, HAProxy `httpslog`.
 */
export function compileFormat(kind: ProxyKind, format?: string, options: ParserOptions = {}): CompiledParser {
  if (!Object.hasOwn(COMPILERS, kind)) throw new TypeError(`unknown proxy kind "${String(kind)}"`);
  const lean = options.lean === true;
  // Only Varnish reads the side declaration: other kinds share one parser either way.
  const backendSide = kind === "varnish" && options.backendSide === true;
  const key = `${kind}\u0000${lean ? "lean" : "full"}${backendSide ? "\u0000b" : ""}\u0000${format ?? ""}`;
  const known = compiledParsers.get(key);
  if (known) {
    // Most recently used last, so the oldest entry is the first to go.
    compiledParsers.delete(key);
    compiledParsers.set(key, known);
    return known;
  }
  const parser = guarded(COMPILERS[kind](format, { lean, backendSide }));
  if (parser.stateful) return parser; // its state belongs to one batch
  compiledParsers.set(key, parser);
  if (compiledParsers.size > COMPILED_PARSERS_KEPT) compiledParsers.delete(compiledParsers.keys().next().value as string);
  return parser;
}
