// Which varnishncsa lines count as requests. `varnishncsa -b -c` (what DOMAIN.md recommends,
// since FetchError only exists in the backend transaction) writes two lines for every request
// Varnish fetched: a client line (side `c`: no backend name, no FetchError) and a backend line
// (side `b`: backend name, status, FetchError). Counting both counts the request twice and adds
// an `unknown` 5xx for the client line. The rule:
// - side `b`: a request that reached a backend. Counted, with its backend and FetchError cause.
// - side `c`: counted only when no backend fetch happened for it, which `%{Varnish:handling}x`
//   tells: `hit`, `synth`, `pipe` (varnishncsa -b does not log piped requests, see its manual's
//   notes: the client line is their only record) or no handling at all (e.g. a request refused
//   before VCL). `miss`, `pass`, `hitmiss`, `hitpass` lines are represented by their backend
//   line and are not counted again (they are still accepted lines).
//   `%{Varnish:hitmiss}x` reads the same way; varnishncsa calls pipe and synth "miss" there, so
//   with it those two are not counted.
// - side logged but no handling: a cache hit cannot be told from a fetch, so only `b` lines are
//   counted (hits are lost rather than fetches counted twice).
// - no side in the format (plain varnishncsa, `-b` alone or `-c` alone): every line counts.
// A format that logs `%{Varnish:side}x` is taken to be read with `-b -c`: a `-c`-only log with
// side and handling would lose its misses and passes.

import type { ParsedRequest, UncountedWhy } from "@/lib/ingest/types";

/** How a format's lines are counted (fixed per format at compile time). */
export type SideRule = "every-line" | "by-handling" | "backend-only";

export function sideRule(logsSide: boolean, logsHandling: boolean): SideRule {
  if (!logsSide) return "every-line";
  return logsHandling ? "by-handling" : "backend-only";
}

/** Why a line that parsed is not counted as a request, or undefined when it is. */
export function uncountedWhy(request: ParsedRequest, rule: SideRule): UncountedWhy | undefined {
  if (rule === "every-line" || request.evidence.varnishSide !== "c") return undefined;
  if (rule === "backend-only") return "handling-not-logged";
  const handling = request.handling;
  return handling === "miss" || handling === "pass" || handling === "hitmiss" || handling === "hitpass" ? "backend-line-counts-it" : undefined;
}
