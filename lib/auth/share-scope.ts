// What a share token may read over the API: the shared thing and the reads its page makes, and
// nothing else. Each shareable route says what a request reads (a `SharedRead`); this one pure
// function decides. Pure, so the matrix of cases is unit-tested. It sits with the permissions
// because a share link is one kind of actor; the links themselves are lib/shares.
import { z } from "zod";

export const SHARE_KINDS = ["incident", "backend", "view"] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

export const Redaction = z
  .object({
    clientIps: z.boolean().default(true).describe("hide client IP addresses (default true)"),
    queryStrings: z.boolean().default(true).describe("hide query strings of request URLs (default true)"),
    backendAddresses: z.boolean().default(false).describe("hide backend addresses (default false)"),
  })
  .strict();
export type Redaction = z.infer<typeof Redaction>;
export const DEFAULT_REDACTION: Redaction = { clientIps: true, queryStrings: true, backendAddresses: false };

export interface ShareScope {
  kind: ShareKind;
  /** The incident's or backend's id (null for a view). */
  targetId: string | null;
  /** The backend the traffic reads are pinned to: the shared backend's name, or the view's filter. */
  backend: string | null;
  /** The view's source filter (a source id), if any. */
  source: string | null;
  /** A frozen link's absolute range: reads must stay inside it. Null: live. */
  range: { fromMs: number; toMs: number } | null;
  redact: Redaction;
}

export type SharedRead =
  | { resource: "incident"; id: string }
  | { resource: "backend"; id: string }
  /** Rollup reads (summary, series): their filters and range. */
  | { resource: "traffic"; backend: string | null; source: string | null; fromMs: number; toMs: number };

export function shareAllows(scope: ShareScope, read: SharedRead): boolean {
  switch (read.resource) {
    case "incident":
      return scope.kind === "incident" && read.id === scope.targetId;
    case "backend":
      return scope.kind === "backend" && read.id === scope.targetId;
    case "traffic": {
      if (scope.kind === "incident") return false;
      // A backend link reads only its backend; a view link exactly the view's filters.
      if (read.backend !== scope.backend) return false;
      if (scope.kind === "view" && read.source !== scope.source) return false;
      if (scope.kind === "backend" && read.source !== null && read.source !== scope.source) return false;
      if (scope.range && (read.fromMs < scope.range.fromMs || read.toMs > scope.range.toMs)) return false;
      return true;
    }
  }
}

/** The SharedRead of a rollup query (summary, series): its filters and range. */
export const trafficRead = (q: { backend?: string; source?: string; from: number; to: number }): SharedRead => ({
  resource: "traffic",
  backend: q.backend ?? null,
  source: q.source ?? null,
  fromMs: q.from,
  toMs: q.to,
});
