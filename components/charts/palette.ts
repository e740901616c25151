// One colour per cause (the --cause-* tokens in app/globals.css, Okabe-Ito based), one per status
// class, and a colour-blind-safe set for backends (Paul Tol's "bright"). All are CSS variables, so
// a theme switch recolours the charts without re-rendering them.
import { CAUSE_IDS, isCauseId, type CauseId } from "@/lib/ingest/types";

export { CAUSE_IDS, isCauseId, type CauseId };

export function causeColor(cause: string): string {
  return `var(--cause-${isCauseId(cause) ? cause : "unknown"})`;
}

/** What each cause means, in a sentence: shown as hints beside the ids. */
export const CAUSE_HINT: Record<CauseId, string> = {
  backend_timeout: "The origin accepted the connection but sent no answer in time.",
  connect_timeout: "Connecting (TCP or TLS) to the origin took too long.",
  connect_refused: "The origin's port was closed or the host unreachable.",
  no_healthy_backend: "Health checks had marked every candidate sick, or no backend was chosen.",
  backend_reset: "The origin closed or reset the connection before a full answer.",
  bad_response: "The origin answered something the proxy could not read.",
  proxy_overload: "The proxy shed load: connection, queue or rate limits.",
  proxy_error: "The proxy failed on its own side.",
  backend_error: "The origin answered 5xx itself; the proxy only passed it on.",
  unknown: "The log line carries no evidence of why.",
};

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

export function statusClassColor(key: string): string {
  return (STATUS_CLASSES as readonly string[]).includes(key) ? `var(--status-${key})` : "var(--text-muted)";
}

const BACKEND_COLORS = 7;
export const MAX_BACKEND_LINES = BACKEND_COLORS;

/**
 * A colour per backend, the same in every chart of a page: backends in name order take the
 * palette in turn (it repeats past seven, which is why charts draw at most seven backends).
 */
export function backendColors(names: Iterable<string>): (name: string) => string {
  const order = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  const index = new Map(order.map((n, i) => [n, i]));
  return (name) => `var(--series-${(index.get(name) ?? 0) % BACKEND_COLORS})`;
}

export const EVENT_COLOR: Record<string, string> = {
  deploy: "var(--event-deploy)",
  purge: "var(--event-purge)",
  config: "var(--event-config)",
  note: "var(--event-note)",
};
export const EVENT_GLYPH: Record<string, string> = { deploy: "D", purge: "P", config: "C", note: "N" };

/** The name a backend is shown under; lines that named none are grouped under "". */
export function backendLabel(name: string): string {
  return name === "" ? "(no backend)" : name;
}
