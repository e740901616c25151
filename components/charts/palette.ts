// One meaning per colour. Three families that never share a colour (app/globals.css, checked by
// tests/unit/dashboard/palette.test.ts): causes in warm and purple hues (Okabe-Ito and Paul Tol
// based, told apart with colour-blindness, and never green: green reads "fine"); status classes in
// a neutral slate ramp, darker for worse; backends in cool blues, teals and greens. All are CSS
// variables, so a theme switch recolours the charts without re-rendering them.
import { CAUSE_IDS, isCauseId, type CauseId } from "@/lib/ingest/types";

export { CAUSE_IDS, isCauseId, type CauseId };

export function causeColor(cause: string): string {
  return `var(--cause-${isCauseId(cause) ? cause : "unknown"})`;
}

/** The words for each cause (one table, in lib): labels, tooltip sentences, "id: sentence" titles. */
export { CAUSE_HINT, CAUSE_LABEL, causeLabel, causeTitle } from "@/lib/ingest/cause-labels";

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
