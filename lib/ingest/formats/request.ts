// Creation and final checks of a ParsedRequest. Every field is initialised up front so all
// requests share one object shape, which keeps property access fast on the hot path.

import type { CacheHandling, ParsedRequest, RequestEvidence } from "@/lib/ingest/types";

/** Shared by lines whose format logs no failure evidence: nothing to allocate. */
export const NO_EVIDENCE: RequestEvidence = Object.freeze({});

export function newRequest(evidence: RequestEvidence): ParsedRequest {
  return {
    time: NaN,
    utcOffsetMin: undefined,
    method: undefined,
    path: undefined,
    protocol: undefined,
    status: -1,
    bytes: undefined,
    client: undefined,
    totalMs: undefined,
    upstreamConnectMs: undefined,
    upstreamHeaderMs: undefined,
    upstreamResponseMs: undefined,
    firstByteMs: undefined,
    backend: undefined,
    upstreamAddr: undefined,
    handling: undefined,
    evidence,
  };
}

/** The reason a fully read line still cannot be used, or undefined when it can. */
export function missingEssentials(request: ParsedRequest): string | undefined {
  if (Number.isNaN(request.time)) return "line has no time";
  if (request.status < 0) return "line has no status code";
  return undefined;
}

/** Varnish's own handling words (`%{Varnish:handling}x`, `%{Varnish:hitmiss}x`). */
export function handlingAt(line: string, start: number, end: number): CacheHandling | undefined {
  const length = end - start;
  let word: CacheHandling;
  // Pick the only candidate by length and a telling char, then verify it char by char.
  switch (length) {
    case 3: word = "hit"; break;
    case 4: word = line.charCodeAt(start) === 109 ? "miss" : line.charCodeAt(start + 1) === 97 ? "pass" : "pipe"; break;
    case 5: word = "synth"; break;
    case 7: word = line.charCodeAt(start + 3) === 109 ? "hitmiss" : "hitpass"; break;
    default: return undefined;
  }
  for (let i = 0; i < length; i++) if (line.charCodeAt(start + i) !== word.charCodeAt(i)) return undefined;
  return word;
}

/**
 * nginx `$upstream_cache_status` in Varnish's words: a stale or revalidated object was still
 * served from cache (hit); BYPASS skipped the cache like a Varnish pass. nginx only ever logs
 * these seven words, and each has its own length and first letter, so no substring is made.
 */
export function handlingFromNginx(line: string, start: number, end: number): CacheHandling | undefined {
  const first = line.charCodeAt(start);
  switch (end - start) {
    case 3: return first === 72 ? "hit" : undefined; // HIT
    case 4: return first === 77 ? "miss" : undefined; // MISS
    case 5: return first === 83 ? "hit" : undefined; // STALE
    case 6: return first === 66 ? "pass" : undefined; // BYPASS
    case 7: return first === 69 ? "miss" : undefined; // EXPIRED
    case 8: return first === 85 ? "hit" : undefined; // UPDATING
    case 11: return first === 82 ? "hit" : undefined; // REVALIDATED
    default: return undefined;
  }
}
